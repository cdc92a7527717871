import type { RunRow } from '@synapse/schema/api';

/** The newest run of each workflow in a page of runs (any order), by `createdAt`, ties by id. */
export function latestRunByWorkflow(runs: readonly RunRow[]): Map<string, RunRow> {
  const latest = new Map<string, RunRow>();
  for (const run of runs) {
    const seen = latest.get(run.workflowId);
    if (!seen || run.createdAt > seen.createdAt || (run.createdAt === seen.createdAt && run.id > seen.id))
      latest.set(run.workflowId, run);
  }
  return latest;
}
