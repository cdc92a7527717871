import { subworkflowDataOf } from '@synapse/schema';
import { useMemo } from 'react';
import { useWorkflowNames } from '../../history/useWorkflowNames';
import { Link } from '../../routing/Link';
import { editorPath } from '../../routing/parseRoute';
import { useRoute } from '../../routing/useRoute';
import { versionLabel } from '../../versions/versionLabel';
import { useCalledInputs, useCalledVersions } from '../subworkflow/useCalledWorkflow';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { SubworkflowInputsEditor } from './SubworkflowInputsEditor';
import { useNodeField } from './useNodeField';

/**
 * A Sub-workflow node: which workflow of the workspace it calls (never the one being edited), which
 * of its versions (the published one, or a pinned saved version), and a template per input that
 * version declares.
 */
export function SubworkflowSettings({ doc, node, graph, problems, readOnly }: NodeSettingsProps) {
  const call = subworkflowDataOf(node);
  const { set, setMany } = useNodeField(doc, node.id);
  const route = useRoute();
  const workspaceId = 'workspaceId' in route ? route.workspaceId : null;
  const currentId = route.name === 'editor' ? route.workflowId : null;
  const { entries, names } = useWorkflowNames(workspaceId ?? '');
  const versions = useCalledVersions(workspaceId, call.workflowId, true);
  const inputs = useCalledInputs(workspaceId, call.workflowId, call.versionId, versions);
  const id = (name: string) => `node-${node.id}-${name}`;

  // Archived workflows are not offered, but one already chosen stays visible as chosen.
  const choices = useMemo(
    () =>
      entries
        .filter((e) => e.id !== currentId && (!e.archived || e.id === call.workflowId))
        .map((e) => ({ id: e.id, name: names.get(e.id) ?? e.id }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [entries, names, currentId, call.workflowId],
  );
  // The index lists the workflow being edited too: while it is empty it has not loaded yet.
  const loaded = entries.length > 0;
  const chosenKnown = call.workflowId === '' || !loaded || choices.some((c) => c.id === call.workflowId);
  const calledName = names.get(call.workflowId) ?? 'the called workflow';

  const saved = versions?.state === 'ready' ? versions.data : [];
  const published = saved.find((v) => v.published);
  // Named versions are the ones people save on purpose; a pinned run version stays listed.
  const versionChoices = saved.filter((v) => v.reason === 'manual' || v.id === call.versionId);
  const pinnedKnown = call.versionId === '' || versionChoices.some((v) => v.id === call.versionId);

  return (
    <>
      {loaded && choices.length === 0 && call.workflowId === '' ? (
        <p className="panel__empty" data-testid="subworkflow-no-workflows">
          No other workflows yet. Create the one to call from the workflow list, then pick it here.
        </p>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={id('workflow')}>
            Workflow to call
          </label>
          <select
            id={id('workflow')}
            className="field__input"
            value={call.workflowId}
            disabled={readOnly}
            data-testid="subworkflow-workflow"
            // A new workflow's versions are not the old one's: the call goes back to its published version.
            onChange={(event) => setMany({ workflowId: event.target.value, versionId: '' })}
          >
            <option value="">Choose a workflow…</option>
            {!chosenKnown && <option value={call.workflowId}>A deleted workflow</option>}
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {call.workflowId !== '' && (
        <div className="field">
          <label className="field__label" htmlFor={id('version')}>
            Version
          </label>
          <select
            id={id('version')}
            className="field__input"
            value={call.versionId}
            disabled={readOnly}
            data-testid="subworkflow-version"
            onChange={(event) => set('versionId', event.target.value)}
          >
            <option value="">
              {published ? `Published version (${versionLabel(published)})` : 'Published version'}
            </option>
            {!pinnedKnown && <option value={call.versionId}>A missing version</option>}
            {versionChoices.map((v) => (
              <option key={v.id} value={v.id}>
                {versionLabel(v)}
              </option>
            ))}
          </select>
          {versions?.state === 'error' && (
            <p className="field__error" role="alert">
              Could not list its versions: {versions.message}
            </p>
          )}
          {chosenKnown && (
            <p className="field__hint">
              <Link href={editorPath(workspaceId ?? '', call.workflowId)} data-testid="subworkflow-open">
                Open {calledName}
              </Link>{' '}
              to change what it does.
            </p>
          )}
        </div>
      )}
      {inputs && (
        <SubworkflowInputsEditor
          nodeId={node.id}
          calledName={calledName}
          stored={call.inputs}
          declared={inputs}
          graph={graph}
          problems={problems}
          readOnly={readOnly}
          onChange={(next) =>
            set(
              'inputs',
              next.map((i) => ({ name: i.name, value: i.value })),
            )
          }
        />
      )}
      <p className="field__hint">
        The called workflow runs as a run of its own. This node's output is its result: the text of its Output
        node, or a JSON object by Output name when it has several.
      </p>
    </>
  );
}
