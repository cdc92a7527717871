import { AGENT_PRESETS, agentDataOf, getNodeText, type JsonValue } from '@synapse/schema';
import { ToolsSection } from '../../tools/ToolsSection';
import { FallbackListEditor } from './FallbackListEditor';
import { ModelPicker } from './ModelPicker';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { NumberField } from './NumberField';
import { OutputSchemaEditor } from './OutputSchemaEditor';
import { PromptField } from './PromptField';
import { useNodeField } from './useNodeField';
import { useProviders } from './useProviders';

export function AgentSettings({ doc, node, graph, problems, readOnly }: NodeSettingsProps) {
  const agent = agentDataOf(node);
  const { set, setMany } = useNodeField(doc, node.id);
  const { providers } = useProviders();
  const systemPrompt = getNodeText(doc, node.id, 'systemPrompt');
  const userPrompt = getNodeText(doc, node.id, 'userPrompt');
  const id = (name: string) => `node-${node.id}-${name}`;
  const fieldProblems = (field: string) => problems.filter((p) => p.field === field);

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

      <ModelPicker
        idPrefix={id('model')}
        provider={agent.provider}
        model={agent.model}
        providers={providers}
        readOnly={readOnly}
        onChange={(provider, model) => setMany({ provider, model })}
      />

      {systemPrompt && (
        <PromptField
          ytext={systemPrompt}
          nodeId={node.id}
          field="systemPrompt"
          label="System prompt"
          graph={graph}
          problems={fieldProblems('systemPrompt')}
          readOnly={readOnly}
          rows={6}
          placeholder="You are a meticulous researcher…"
        />
      )}
      {userPrompt && (
        <PromptField
          ytext={userPrompt}
          nodeId={node.id}
          field="userPrompt"
          label="User message"
          graph={graph}
          problems={fieldProblems('userPrompt')}
          readOnly={readOnly}
          rows={4}
          placeholder="{{input}}"
        />
      )}
      <p className="field__hint">
        Type <code>{'{{'}</code> to insert the output of an upstream node or an input variable.
      </p>

      <OutputSchemaEditor
        idPrefix={id('outputSchema')}
        schema={agent.outputSchema}
        readOnly={readOnly}
        onChange={(schema) => set('outputSchema', schema as JsonValue | null)}
      />

      <details className="inspector__advanced" open>
        <summary>Model settings</summary>
        <div className="field-grid">
          <NumberField
            id={id('temperature')}
            label="Temperature"
            value={agent.temperature}
            onCommit={(v) => set('temperature', v)}
            readOnly={readOnly}
            min={0}
            max={2}
            step={0.1}
            placeholder="default"
            testId="temperature-input"
          />
          <NumberField
            id={id('maxTokens')}
            label="Max tokens"
            value={agent.maxTokens}
            onCommit={(v) => set('maxTokens', v)}
            readOnly={readOnly}
            min={1}
            max={1_000_000}
            integer
            placeholder="default"
            testId="max-tokens-input"
          />
          <NumberField
            id={id('timeout')}
            label="Timeout (s)"
            value={agent.timeoutMs}
            scale={1000}
            onCommit={(v) => set('timeoutMs', v)}
            readOnly={readOnly}
            min={1}
            max={3600}
            placeholder="default"
            testId="timeout-input"
          />
          <NumberField
            id={id('retries')}
            label="Retries"
            value={agent.retries}
            onCommit={(v) => set('retries', v)}
            readOnly={readOnly}
            min={0}
            max={10}
            integer
            placeholder="default"
            testId="retries-input"
          />
        </div>
        <FallbackListEditor
          nodeId={node.id}
          fallbacks={agent.fallbacks}
          providers={providers}
          readOnly={readOnly}
          onChange={(fallbacks) =>
            set(
              'fallbacks',
              fallbacks.map((f) => ({ provider: f.provider, model: f.model })),
            )
          }
        />
      </details>
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
