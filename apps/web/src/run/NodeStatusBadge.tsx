import type { NodeRunStatus, RunStatus } from '@synapse/schema';

interface NodeStatusBadgeProps {
  status: NodeRunStatus | RunStatus;
  testId?: string;
}

/** Status pill; the text is the raw status so tests and screen readers read the same word. */
export function NodeStatusBadge({ status, testId }: NodeStatusBadgeProps) {
  return (
    <span className={`status-badge status-badge--${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
