import './runChild.css';
import { topoSort } from '@synapse/schema';
import { Link } from '../routing/Link';
import { runPath } from '../routing/parseRoute';
import { NodeStatusBadge } from './NodeStatusBadge';
import { useRunDocument } from './useRunDocument';

interface RunChildRunProps {
  nodeId: string;
  workspaceId: string;
  childRunId: string;
}

/**
 * A Sub-workflow node's nested run inside its card: the child run's status, each of its nodes' status
 * in run order (read live from the child's own run document), and a link to its full run view.
 */
export function RunChildRun({ nodeId, workspaceId, childRunId }: RunChildRunProps) {
  const { run, error } = useRunDocument(workspaceId, childRunId);
  const sorted = run ? topoSort(run.graph) : null;
  const order = run
    ? (sorted?.ok ? sorted.order : run.graph.nodes.map((n) => n.id)).filter((id) => run.nodes[id])
    : [];
  const labelOf = (id: string) => run?.graph.nodes.find((n) => n.id === id)?.data.label || id;
  return (
    <div className="run-child" data-testid={`run-child-${nodeId}`}>
      <p className="run-child__head">
        <span className="run-child__title">
          Nested run{run?.graph.name ? ` of ${run.graph.name}` : ''}{' '}
          <code title={childRunId}>{childRunId.slice(0, 8)}</code>
        </span>
        {run && <NodeStatusBadge status={run.meta.status} testId={`run-child-status-${nodeId}`} />}
      </p>
      {error && <p className="field__error">{error}</p>}
      {order.length > 0 && (
        <ol className="run-child__nodes" aria-label="Nodes of the nested run">
          {order.map((id) => (
            <li key={id} className="run-child__node">
              <span className="run-child__label" title={labelOf(id)}>
                {labelOf(id)}
              </span>
              <NodeStatusBadge status={run?.nodes[id]?.status ?? 'queued'} />
            </li>
          ))}
        </ol>
      )}
      <Link
        className="run-child__open"
        href={runPath(workspaceId, childRunId)}
        data-testid={`run-child-open-${nodeId}`}
      >
        Open nested run
      </Link>
    </div>
  );
}
