import type { RunRow, RunsRepo, SubworkflowRunsRepo } from '@synapse/db';
import { RUNNER_ORIGIN, runDocName, writeRunCancelled } from '@synapse/schema';
import { completeRunDocument } from './finalizeRun';
import type { RunDocument } from './openRunDocument';

export interface CancelChildRunsDeps {
  links: Pick<SubworkflowRunsRepo, 'activeChildren' | 'cancelledChildren'>;
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
 *
 * One child's document failing to write does not stop the others: the rest are cancelled, then the
 * failures are thrown, so the caller's job is redelivered; that redelivery (`completeEnded`) calls this
 * again with `repair`, which also completes the documents of children already cancelled (their row ended,
 * their document perhaps not) from their rows — a child cancelled while queued or waiting has no job of
 * its own to do that. Idempotent.
 */
export async function cancelChildRuns(
  deps: CancelChildRunsDeps,
  run: Pick<RunRow, 'id'>,
  options: { repair?: boolean } = {},
): Promise<number> {
  let cancelled = 0;
  const failures: unknown[] = [];
  const attempt = async (step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  };
  for (const child of await deps.links.activeChildren(run.id)) {
    const at = deps.now();
    const result = await deps.runs.requestCancel(child.id, at);
    if (!result) continue;
    cancelled += 1;
    if (result.status === 'running') {
      await attempt(() => deps.notifyCancel(child.id));
      continue;
    }
    await attempt(() =>
      withDocument(deps, child, async (document) => {
        document.update((doc) => writeRunCancelled(doc, at, RUNNER_ORIGIN));
        await document.whenAcknowledged();
      }),
    );
    await attempt(async () => {
      cancelled += await cancelChildRuns(deps, child, options);
    });
  }
  if (options.repair)
    for (const child of await deps.links.cancelledChildren(run.id)) {
      await attempt(() => withDocument(deps, child, (document) => completeRunDocument(child, document)));
      await attempt(async () => {
        cancelled += await cancelChildRuns(deps, child, options);
      });
    }
  if (failures.length > 0)
    throw new AggregateError(
      failures,
      `run ${run.id}: ${failures.length} step(s) cancelling its children failed`,
    );
  return cancelled;
}

async function withDocument<T>(
  deps: Pick<CancelChildRunsDeps, 'openDocument'>,
  run: Pick<RunRow, 'id' | 'workspaceId'>,
  use: (document: RunDocument) => Promise<T>,
): Promise<T> {
  const document = await deps.openDocument(runDocName(run.workspaceId, run.id));
  try {
    return await use(document);
  } finally {
    await document.close();
  }
}
