import { getNodeText, type ModelRef } from '@synapse/schema';
import type { ReactNode } from 'react';
import { ModelPicker } from './ModelPicker';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { PromptField } from './PromptField';
import { useNodeField } from './useNodeField';
import type { useProviders } from './useProviders';

interface ModelPromptFieldsProps extends NodeSettingsProps {
  model: ModelRef;
  providers: ReturnType<typeof useProviders>['providers'];
  systemPlaceholder: string;
  userLabel: string;
  userPlaceholder: string;
  hint: ReactNode;
}

/** The model a node calls and its two co-edited prompts: what agents and maps share. */
export function ModelPromptFields(props: ModelPromptFieldsProps) {
  const { doc, node, graph, problems, readOnly, model, providers } = props;
  const { setMany } = useNodeField(doc, node.id);
  const systemPrompt = getNodeText(doc, node.id, 'systemPrompt');
  const userPrompt = getNodeText(doc, node.id, 'userPrompt');
  const fieldProblems = (field: string) => problems.filter((p) => p.field === field);
  return (
    <>
      <ModelPicker
        idPrefix={`node-${node.id}-model`}
        provider={model.provider}
        model={model.model}
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
          placeholder={props.systemPlaceholder}
        />
      )}
      {userPrompt && (
        <PromptField
          ytext={userPrompt}
          nodeId={node.id}
          field="userPrompt"
          label={props.userLabel}
          graph={graph}
          problems={fieldProblems('userPrompt')}
          readOnly={readOnly}
          rows={4}
          placeholder={props.userPlaceholder}
        />
      )}
      <p className="field__hint">{props.hint}</p>
    </>
  );
}
