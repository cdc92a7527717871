import { AGENT_PRESETS, agentDataOf, getNodeText, type JsonValue } from '@synapse/schema';
import { ToolsSection } from '../../tools/ToolsSection';
import { ModelCallSettings } from './ModelCallSettings';
import { ModelPromptFields } from './ModelPromptFields';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { OutputSchemaEditor } from './OutputSchemaEditor';
import { useNodeField } from './useNodeField';
import { useProviders } from './useProviders';

export function AgentSettings(props: NodeSettingsProps) {
  const { doc, node, readOnly } = props;
  const agent = agentDataOf(node);
  const { set, setMany } = useNodeField(doc, node.id);
  const { providers } = useProviders();
  const systemPrompt = getNodeText(doc, node.id, 'systemPrompt');
  const id = (name: string) => `node-${node.id}-${name}`;

  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={id('preset')}>
          Role
        </label>
        <select
          id={id('preset')}
          className="field__input"
          value={agent.preset ?? 'custom'}
          disabled={readOnly}
          data-testid="preset-select"
          onChange={(event) => {
            const preset = AGENT_PRESETS.find((p) => p.id === event.target.value);
            // Switching role replaces the system prompt only when asked: it may hold someone's work.
            const current = systemPrompt?.toString() ?? '';
            const replace =
              preset?.systemPrompt &&
              (current === '' ||
                AGENT_PRESETS.some((p) => p.systemPrompt === current) ||
                window.confirm(`Replace the system prompt with the ${preset.label} prompt?`));
            setMany(
              replace
                ? { preset: event.target.value, systemPrompt: preset.systemPrompt }
                : { preset: event.target.value },
            );
          }}
        >
          {AGENT_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>

      <ModelPromptFields
        {...props}
        model={agent}
        providers={providers}
        systemPlaceholder="You are a meticulous researcher…"
        userLabel="User message"
        userPlaceholder="{{input}}"
        hint={
          <>
            Type <code>{'{{'}</code> to insert the output of an upstream node or an input variable.
          </>
        }
      />

      <OutputSchemaEditor
        idPrefix={id('outputSchema')}
        schema={agent.outputSchema}
        readOnly={readOnly}
        onChange={(schema) => set('outputSchema', schema as JsonValue | null)}
      />

      <ModelCallSettings
        nodeId={node.id}
        values={agent}
        providers={providers}
        readOnly={readOnly}
        open
        set={set}
      />
      <ToolsSection
        nodeId={node.id}
        agent={agent}
        readOnly={readOnly}
        onTools={(tools) => set('tools', tools)}
        onMemory={(field, on) => set(field, on)}
      />
    </>
  );
}
