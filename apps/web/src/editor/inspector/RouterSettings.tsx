import {
  disconnect,
  getNodeText,
  type RouterBranch,
  routerDataOf,
  setNodeField,
  USER_ORIGIN,
} from '@synapse/schema';
import { BranchListEditor } from './BranchListEditor';
import { ModelPicker } from './ModelPicker';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { PromptField } from './PromptField';
import { useNodeField } from './useNodeField';
import { useProviders } from './useProviders';

/** Plain JSON for the document: optional fields left out rather than stored as undefined. */
function plainBranches(branches: readonly RouterBranch[]) {
  return branches.map((b) => ({
    id: b.id,
    label: b.label,
    ...(b.match ? { match: b.match } : {}),
    ...(b.value !== undefined ? { value: b.value } : {}),
  }));
}

export function RouterSettings({ doc, node, graph, problems, readOnly }: NodeSettingsProps) {
  const router = routerDataOf(node);
  const { set, setMany } = useNodeField(doc, node.id);
  const { providers } = useProviders();
  const systemPrompt = getNodeText(doc, node.id, 'systemPrompt');
  const userPrompt = getNodeText(doc, node.id, 'userPrompt');
  const id = (name: string) => `node-${node.id}-${name}`;

  const removeBranch = (branch: RouterBranch, remaining: RouterBranch[]) => {
    doc.transact(() => {
      setNodeField(doc, node.id, 'branches', plainBranches(remaining), USER_ORIGIN);
      for (const edge of graph.edges) {
        if (edge.source === node.id && edge.sourceHandle === branch.id) disconnect(doc, edge.id, USER_ORIGIN);
      }
    }, USER_ORIGIN);
  };

  return (
    <>
      <fieldset className="mode-switch" aria-label="How the branch is chosen">
        <legend className="field__label">Route by</legend>
        {(['rule', 'llm'] as const).map((mode) => (
          <label key={mode} className="mode-switch__option">
            <input
              type="radio"
              name={id('mode')}
              value={mode}
              checked={router.mode === mode}
              disabled={readOnly}
              onChange={() => set('mode', mode)}
              data-testid={`router-mode-${mode}`}
            />
            <span>{mode === 'rule' ? 'Rules on the text' : 'A model picks a label'}</span>
          </label>
        ))}
      </fieldset>

      {router.mode === 'llm' && (
        <ModelPicker
          idPrefix={id('model')}
          provider={router.provider}
          model={router.model}
          providers={providers}
          readOnly={readOnly}
          onChange={(provider, model) => setMany({ provider, model })}
        />
      )}
      {router.mode === 'llm' && systemPrompt && (
        <PromptField
          ytext={systemPrompt}
          nodeId={node.id}
          field="systemPrompt"
          label="Instructions for the model"
          graph={graph}
          problems={problems.filter((p) => p.field === 'systemPrompt')}
          readOnly={readOnly}
          rows={3}
          placeholder="Classify the request as one of the branch labels."
        />
      )}
      {userPrompt && (
        <PromptField
          ytext={userPrompt}
          nodeId={node.id}
          field="userPrompt"
          label={router.mode === 'llm' ? 'Text to classify' : 'Text to route'}
          graph={graph}
          problems={problems.filter((p) => p.field === 'userPrompt')}
          readOnly={readOnly}
          rows={2}
          placeholder="{{input}}"
        />
      )}
      <BranchListEditor
        nodeId={node.id}
        branches={router.branches}
        mode={router.mode}
        readOnly={readOnly}
        onChange={(branches) => set('branches', plainBranches(branches))}
        onRemove={removeBranch}
      />
    </>
  );
}
