/** A warning mark on a node; its problems are the accessible name and the tooltip. */
export function NodeProblemsBadge({ nodeId, problems }: { nodeId: string; problems: readonly string[] }) {
  const text = problems.join('\n');
  return (
    <span
      className="wf-node__problems"
      role="img"
      aria-label={`Problems: ${problems.join(' ')}`}
      title={text}
      data-testid={`node-problems-${nodeId}`}
    >
      !{problems.length > 1 ? ` ${problems.length}` : ''}
    </span>
  );
}
