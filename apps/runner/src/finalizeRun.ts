import type { RunRow, RunsRepo } from '@synapse/db';
import {
  isTerminalRunStatus,
  RUNNER_ORIGIN,
  type RunStatus,
  type RunTotals,
  readRun,
  readRunOutputs,
  updateRunMeta,
} from '@synapse/schema';
import type { RunWriter } from './createRunWriter';
import type { RunDocument } from './openRunDocument';

/** How a run ended, as both its row and its run document record it. */
export interface RunEnding {
  status: 'succeeded' | 'failed' | 'cancelled';
  finishedAt: number;
  error: string | null;
  /** Absent when the run crashed: the row keeps the usage it had. */
  usage?: { inputTokens: number; outputTokens: number; costUsd: number | null };
  totals?: RunTotals;
}

/**
 * Ends a run, the row first and then the run document, so that whoever sees the document say the run
 * ended (a history view, an export, an API poll) already finds a terminal row. Order, and why a crash
 * is still recovered:
 * 1. every node state already written is acknowledged (durable), so a terminal row never points at a
 *    document missing the nodes' results;
 * 2. the row turns terminal, with the run's outputs, fenced by the claim's token: a runner that lost the
 *    run writes nothing more;
 * 3. the document's run status turns terminal and is acknowledged.
 * A crash between 2 and 3 leaves the pg-boss job unfinished; its redelivery finds the row terminal and
 * `completeRunDocument` copies the row's ending into the document. (Document first, the other order,
 * lets a reader see "succeeded" in the document while the row still says "running".)
 * Returns false when fenced out. Throws when the document is not acknowledged within `ackTimeoutMs`.
 */
export async function finalizeRun(options: {
  runs: RunsRepo;
  runId: string;
  token: number;
  document: RunDocument;
  ending: RunEnding;
  ackTimeoutMs?: number;
}): Promise<boolean> {
  const { document, ending } = options;
  await document.whenAcknowledged(options.ackTimeoutMs);
  const kept = await options.runs.updateFenced(options.runId, options.token, {
    status: ending.status,
    error: ending.error,
    finishedAt: ending.finishedAt,
    // Stored with the ending, so reading a finished run's outputs (GET /api/v1/runs/{id}, a webhook's
    // wait) needs the row, not the whole run document.
    outputs: readRunOutputs(readRun(document.doc)),
    ...(ending.usage ?? {}),
  });
  if (!kept) return false;
  writeRunEnding(document, ending);
  await document.whenAcknowledged(options.ackTimeoutMs);
  return true;
}

/** Writes a run's ending into its document's run meta. */
export function writeRunEnding(writer: RunWriter, ending: RunEnding): void {
  writer.update((doc) =>
    updateRunMeta(
      doc,
      {
        status: ending.status,
        finishedAt: ending.finishedAt,
        ...(ending.totals ? { totals: ending.totals } : {}),
        ...(ending.usage && ending.usage.costUsd !== null ? { cost: ending.usage.costUsd } : {}),
        ...(ending.error ? { error: ending.error } : {}),
      },
      RUNNER_ORIGIN,
    ),
  );
}

/**
 * The recovery of `finalizeRun` after a crash between its row and document steps: when the row ended
 * but the document still shows the run active, the row's ending is written into the document. Node
 * states were durable before the row ended, so only the run's own status, totals and error are missing.
 * Returns true when the document had to be completed.
 */
export async function completeRunDocument(row: RunRow, document: RunDocument): Promise<boolean> {
  const run = readRun(document.doc);
  if (!run || isTerminalRunStatus(run.meta.status) || !isTerminalRunStatus(row.status as RunStatus)) {
    return false;
  }
  const nodes = Object.values(run.nodes);
  writeRunEnding(document, {
    status: row.status as RunEnding['status'],
    finishedAt: row.finishedAt ?? row.startedAt ?? row.createdAt,
    error: row.error,
    usage: { inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd },
    totals: {
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      nodesSucceeded: nodes.filter((n) => n.status === 'succeeded').length,
      nodesFailed: nodes.filter((n) => n.status === 'failed').length,
    },
  });
  await document.whenAcknowledged();
  return true;
}
