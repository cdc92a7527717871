import { type GraphEdge, isEmptyDiff, type WorkflowDiff, type WorkflowGraph } from '@synapse/schema';
import { describeFieldChange } from './describeField';

interface ChangeListProps {
  diff: WorkflowDiff;
  from: WorkflowGraph;
  to: WorkflowGraph;
}

function labeller(from: WorkflowGraph, to: WorkflowGraph) {
  const labels = new Map<string, string>();
  for (const node of [...from.nodes, ...to.nodes]) labels.set(node.id, node.data.label || 'Untitled');
  return (id: string) => labels.get(id) ?? id;
}

function edgeText(edge: GraphEdge, label: (id: string) => string): string {
  const branch = edge.sourceHandle === 'out' ? '' : ` (${edge.sourceHandle})`;
  return `${label(edge.source)}${branch} → ${label(edge.target)}`;
}

/** The comparison as a list beside the canvas: which nodes were added, removed or changed, and how. */
export function ChangeList({ diff, from, to }: ChangeListProps) {
  const label = labeller(from, to);
  if (isEmptyDiff(diff)) {
    return (
      <p className="versions__hint" data-testid="changes-empty">
        No differences.
      </p>
    );
  }
  return (
    <ul className="change-list" aria-label="Changes" data-testid="change-list">
      {diff.nodes.added.map((node) => (
        <li key={`a-${node.id}`} className="change change--added" data-testid={`change-${node.id}`}>
          <span className="change__kind">Added</span> {label(node.id)}
        </li>
      ))}
      {diff.nodes.removed.map((node) => (
        <li key={`r-${node.id}`} className="change change--removed" data-testid={`change-${node.id}`}>
          <span className="change__kind">Removed</span> {label(node.id)}
        </li>
      ))}
      {diff.nodes.changed.map((change) => (
        <li key={`c-${change.id}`} className="change change--changed" data-testid={`change-${change.id}`}>
          <span className="change__kind">Changed</span> {label(change.id)}
          <ul className="change__fields">
            {change.fields.map((field) => (
              <li key={field}>{describeFieldChange(field, change.before, change.after)}</li>
            ))}
          </ul>
        </li>
      ))}
      {diff.edges.added.map((edge) => (
        <li key={`ea-${edge.id}`} className="change change--added">
          <span className="change__kind">Connected</span> {edgeText(edge, label)}
        </li>
      ))}
      {diff.edges.removed.map((edge) => (
        <li key={`er-${edge.id}`} className="change change--removed">
          <span className="change__kind">Disconnected</span> {edgeText(edge, label)}
        </li>
      ))}
    </ul>
  );
}
