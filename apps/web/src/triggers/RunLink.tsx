import { Link } from '../routing/Link';
import { runPath } from '../routing/parseRoute';

/** A run started by a trigger, opened from the history. */
export function RunLink({ workspaceId, runId }: { workspaceId: string; runId: string }) {
  return (
    <Link
      href={runPath(workspaceId, runId)}
      className="triggers__run"
      data-testid="trigger-run-link"
      data-run-id={runId}
    >
      run {runId.slice(0, 8)}
    </Link>
  );
}
