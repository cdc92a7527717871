import type { RunRow, RunsRepo, SubworkflowRunsRepo } from '@synapse/db';
import { RUNNER_ORIGIN, runDocName, writeRunCancelled } from '@synapse/schema';
import type { RunDocument } from './openRunDocument';

export interface CancelChildRunsDeps {
  links: Pick<SubworkflowRunsRepo, 'activeChildren'>;
  runs: Pick<RunsRepo, 'requestCancel'>;
  /** Tells the runner holding a run to abort it (NOTIFY, as a cancel from the API does). */
  notifyCancel(runId: string): Promise<void>;
  openDocument(documentName: string): Promise<RunDocument>;
  now(): number;
}

/**
 * After a run ended without succeeding (a node failed on another branch, the deadline, a cancel), its
 * child runs still active are of no use to anyone (ADR 0024): each is cancelled as a cancel from the API
 * would — a running one through its runner (which then does the same for its own children), a queued or
 * waiting one on the spot, its document ended here and its children in turn. Returns how many.
 */
export async function cancelChildRuns(deps: CancelChildRunsDeps, run: Pick<RunRow, 'id'>): Promise<number> {
  let cancelled = 0;
  for (const child of await deps.links.activeChildren(run.id)) {
    const at = deps.now();
    const result = await deps.runs.requestCancel(child.id, at);
    if (!result) continue;
    cancelled += 1;
    if (result.status === 'running') {
      await deps.notifyCancel(child.id);
      continue;
    }
    const document = await deps.openDocument(runDocName(child.workspaceId, child.id));
    try {
      document.update((doc) => writeRunCancelled(doc, at, RUNNER_ORIGIN));
      await document.whenAcknowledged();
    } finally {
      await document.close();
    }
    cancelled += await cancelChildRuns(deps, child);
  }
  return cancelled;
}
