import type { Hocuspocus } from '@hocuspocus/server';
import { findCalledVersion, type PublishedVersionRepo, type VersionRepo } from '@synapse/db';
import {
  type CallChainProblem,
  findCallProblem,
  indexDocName,
  liveWorkflowNames,
  normalizeGraph,
  type SubworkflowCall,
  subworkflowCallsOf,
  type WorkflowGraph,
} from '@synapse/schema';
import { HttpError } from '../http/HttpError';

/** The live (not archived) workflows of a workspace by id, from its index document. */
async function readLiveWorkflowNames(sync: Hocuspocus, workspaceId: string): Promise<Map<string, string>> {
  const connection = await sync.openDirectConnection(indexDocName(workspaceId), {});
  try {
    return connection.document ? liveWorkflowNames(connection.document) : new Map();
  } finally {
    await connection.disconnect();
  }
}

/** What following a call chain needs: the sync server (the workspace index) and the versions. */
export interface CallChainDeps {
  sync: Hocuspocus;
  versions: Pick<VersionRepo, 'get'>;
  published?: Pick<PublishedVersionRepo, 'get'>;
}

/**
 * Follows `root`'s Sub-workflow calls down the chain as Synapse runs them (ADR 0024): every call must
 * reach a live (not archived) workflow of the same workspace with the version it names (its published
 * one for ''), come back to no workflow already on the chain and nest no deeper than
 * SUBWORKFLOW_MAX_DEPTH. Returns the first problem, or null; `onResolved` sees each call's version
 * (the export bundle is built from them).
 */
export async function followCallChain(
  deps: CallChainDeps,
  root: { workspaceId: string; workflowId: string; graph: WorkflowGraph },
  onResolved?: (call: SubworkflowCall, version: { versionId: string; graph: WorkflowGraph }) => void,
): Promise<CallChainProblem | null> {
  if (subworkflowCallsOf(root.graph).length === 0) return null;
  const names = await readLiveWorkflowNames(deps.sync, root.workspaceId);
  return findCallProblem(
    { workflowId: root.workflowId, name: names.get(root.workflowId) ?? root.workflowId, graph: root.graph },
    async (call) => {
      const name = names.get(call.workflowId);
      if (name === undefined) return null;
      const found = await findCalledVersion(deps, { ...call, workspaceId: root.workspaceId });
      if (!found) return null;
      const graph = normalizeGraph(found.version.graph);
      onResolved?.(call, { versionId: found.version.id, graph });
      return { name, graph };
    },
  );
}

/** A call-chain problem as the API answers it: 422 with its code and the chain of names. */
export function callChainError(problem: CallChainProblem): HttpError {
  return new HttpError(422, problem.code, problem.message, { chain: problem.chain });
}

/**
 * Run intake's check of a graph's Sub-workflow calls, before any run row exists (`followCallChain`;
 * a problem is a 422 naming the chain, `A → B → A`).
 *
 * Who may call: a call never leaves the workspace, and roles are per workspace, so whoever may run the
 * calling workflow (an editor or owner, or an API token of scope `run`) may run the called one — the
 * child runs as the same requester.
 */
export async function checkSubworkflowCalls(
  deps: CallChainDeps,
  root: { workspaceId: string; workflowId: string; graph: WorkflowGraph },
): Promise<void> {
  const problem = await followCallChain(deps, root);
  if (problem) throw callChainError(problem);
}
