import './runChild.css';
import { Link } from '../routing/Link';
import { runPath } from '../routing/parseRoute';
import { useRunDocument } from './useRunDocument';

interface RunParentLinkProps {
  workspaceId: string;
  parentRunId: string;
  parentNodeId: string | undefined;
}

/** A sub-workflow's run names the run (and node) that called it, linked back to that run's view. */
export function RunParentLink({ workspaceId, parentRunId, parentNodeId }: RunParentLinkProps) {
  const { run } = useRunDocument(workspaceId, parentRunId);
  const workflow = run?.graph.name;
  const node = parentNodeId
    ? run?.graph.nodes.find((n) => n.id === parentNodeId)?.data.label || parentNodeId
    : null;
  return (
    <p className="run-panel__parent" data-testid="run-parent">
      Called by{' '}
      <Link href={runPath(workspaceId, parentRunId)} data-testid="run-parent-link">
        {workflow ? `${workflow} · run ${parentRunId.slice(0, 8)}` : `run ${parentRunId.slice(0, 8)}`}
      </Link>
      {node && <> · {node}</>}
    </p>
  );
}
