import type { Hocuspocus } from '@hocuspocus/server';
import { findCalledVersion, type PublishedVersionRepo, type VersionRepo } from '@synapse/db';
import {
  type CallChainProblem,
  type ErrorCode,
  ErrorCodes,
  findCallProblem,
  indexDocName,
  normalizeGraph,
  readWorkflowIndex,
  subworkflowCallsOf,
  type WorkflowGraph,
} from '@synapse/schema';
import { HttpError } from '../http/HttpError';

const PROBLEM_CODES: Record<CallChainProblem['kind'], ErrorCode> = {
  cycle: ErrorCodes.subworkflowCycle,
  missing: ErrorCodes.subworkflowNotFound,
  depth: ErrorCodes.subworkflowTooDeep,
};

/** The live (not archived) workflows of a workspace by id, from its index document. */
async function liveWorkflowNames(sync: Hocuspocus, workspaceId: string): Promise<Map<string, string>> {
  const connection = await sync.openDirectConnection(indexDocName(workspaceId), {});
  try {
    const doc = connection.document;
    const entries = doc ? readWorkflowIndex(doc).filter((entry) => !entry.archived) : [];
    return new Map(entries.map((entry) => [entry.id, entry.name || entry.id]));
  } finally {
    await connection.disconnect();
  }
}

/**
 * Run intake's check of a graph's Sub-workflow calls (ADR 0024), before any run row exists: every call,
 * followed down the chain, must reach a live workflow of the same workspace with the version it names
 * (its published one for ''), come back to no workflow already on the chain and nest no deeper than
 * SUBWORKFLOW_MAX_DEPTH. Otherwise a 422 with the chain of names (`A → B → A`).
 *
 * Who may call: a call never leaves the workspace, and roles are per workspace, so whoever may run the
 * calling workflow (an editor or owner, or an API token of scope `run`) may run the called one — the
 * child runs as the same requester.
 */
export async function checkSubworkflowCalls(
  deps: {
    sync: Hocuspocus;
    versions: Pick<VersionRepo, 'get'>;
    published?: Pick<PublishedVersionRepo, 'get'>;
  },
  root: { workspaceId: string; workflowId: string; graph: WorkflowGraph },
): Promise<void> {
  if (subworkflowCallsOf(root.graph).length === 0) return;
  const names = await liveWorkflowNames(deps.sync, root.workspaceId);
  const problem = await findCallProblem(
    { workflowId: root.workflowId, name: names.get(root.workflowId) ?? root.workflowId, graph: root.graph },
    async (call) => {
      const name = names.get(call.workflowId);
      if (name === undefined) return null;
      const found = await findCalledVersion(deps, { ...call, workspaceId: root.workspaceId });
      return found ? { name, graph: normalizeGraph(found.version.graph) } : null;
    },
  );
  if (problem)
    throw new HttpError(422, PROBLEM_CODES[problem.kind], problem.message, { chain: problem.chain });
}
