import { useWorkflowNames } from '../../history/useWorkflowNames';
import { useRoute } from '../../routing/useRoute';
import { calledVersionLabel } from '../subworkflow/calledVersionLabel';
import { useCalledVersions } from '../subworkflow/useCalledWorkflow';

interface SubworkflowCallMetaProps {
  nodeId: string;
  workflowId: string;
  versionId: string;
}

/** A Sub-workflow card's second line: the workflow it calls and which version ("Published" or a name). */
export function SubworkflowCallMeta({ nodeId, workflowId, versionId }: SubworkflowCallMetaProps) {
  const route = useRoute();
  const workspaceId = 'workspaceId' in route ? route.workspaceId : '';
  const { names } = useWorkflowNames(workspaceId);
  // Only a pinned version needs the list for its name; "Published" is known without asking.
  const versions = useCalledVersions(workspaceId || null, versionId ? workflowId : '');
  if (!workflowId)
    return (
      <div className="wf-node__meta" data-testid={`node-calls-${nodeId}`}>
        No workflow chosen
      </div>
    );
  // The index names every workflow, this one included: an empty map means it has not loaded yet.
  const name = names.get(workflowId) ?? (names.size === 0 ? 'Workflow…' : 'Deleted workflow');
  const text = `${name} · ${calledVersionLabel(versionId, versions)}`;
  return (
    <div className="wf-node__meta wf-node__request" title={text} data-testid={`node-calls-${nodeId}`}>
      {text}
    </div>
  );
}
