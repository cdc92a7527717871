import type { Hocuspocus } from '@hocuspocus/server';
import type { RunApprovalsRepo, RunsRepo, VersionRepo } from '@synapse/db';
import {
  ErrorCodes,
  type GraphNode,
  normalizeGraph,
  readRun,
  runDocName,
  SERVER_ORIGIN,
  updateNodeRun,
} from '@synapse/schema';
import type { ApprovalDecision, ApprovalDecisionBody } from '@synapse/schema/api';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { DurablePersistence } from '../sync/createDurablePersistence';
import type { EnqueueRunJob } from './resumeDecidedRuns';

export interface ApprovalService {
  /**
   * Records an editor's decision on a waiting Human approval node (first decision wins), shows it in
   * the run document, audits it as `approval.decided`, and queues the run again when it was parked.
   * 404 when the node is not waiting, 409 when someone (or the timeout) decided first.
   */
  decide(request: {
    principal: Principal;
    workspaceId: string;
    runId: string;
    nodeKey: string;
    body: ApprovalDecisionBody;
  }): Promise<ApprovalDecision>;
}

export interface ApprovalServiceDeps {
  sync: Hocuspocus;
  persistence: DurablePersistence;
  runs: Pick<RunsRepo, 'get'>;
  versions: Pick<VersionRepo, 'get'>;
  approvals: Pick<RunApprovalsRepo, 'decide'>;
  /** Sends the run job under `id` (the resume check sends the same id again if this send was lost). */
  enqueue: EnqueueRunJob;
  now(): number;
  logger: Logger;
  audit?: AuditRecorder;
}

/** The approval node a key (or, for workflows from before keys, an id) names in the frozen graph. */
function approvalNodeOf(nodes: readonly GraphNode[], nodeKey: string): GraphNode | undefined {
  const approvals = nodes.filter((n) => n.type === 'approval');
  return approvals.find((n) => n.data.key === nodeKey) ?? approvals.find((n) => n.id === nodeKey);
}

export function createApprovalService(deps: ApprovalServiceDeps): ApprovalService {
  return {
    async decide({ principal, workspaceId, runId, nodeKey, body }) {
      const row = await deps.runs.get(runId);
      if (!row || row.workspaceId !== workspaceId)
        throw new HttpError(404, ErrorCodes.notFound, `run ${runId} not found`);
      const version = await deps.versions.get(row.versionId);
      const node = version ? approvalNodeOf(normalizeGraph(version.graph).nodes, nodeKey) : undefined;
      if (!node)
        throw new HttpError(404, ErrorCodes.notFound, `run ${runId} has no approval node ${nodeKey}`);
      const decision = body.decision === 'approve' ? 'approved' : 'rejected';
      const value =
        decision === 'approved' && body.value !== undefined
          ? typeof body.value === 'string'
            ? body.value
            : JSON.stringify(body.value)
          : null;
      const who = principal.kind === 'anonymous' ? null : { id: principal.id, name: principal.name };
      const decidedAt = deps.now();
      const { outcome, approval, resumeJobId } = await deps.approvals.decide(row.id, node.id, {
        decision,
        value,
        comment: body.comment ?? null,
        decidedBy: who?.id ?? null,
        decidedByName: who?.name ?? null,
        decidedAt,
      });
      if (outcome === 'not_pending')
        throw new HttpError(
          404,
          ErrorCodes.approvalNotPending,
          `${nodeKey} is not waiting for a decision (not reached yet, or the run ended)`,
        );
      if (outcome === 'already_decided')
        throw new HttpError(409, ErrorCodes.approvalDecided, `${nodeKey} was already decided`, {
          decision: approval?.decision ?? null,
          decidedByName: approval?.decidedByName ?? null,
        });
      // The decision is committed: queue the resume first, so nothing after this can strand the run. A
      // crash before the send leaves it queued with no job: resumeDecidedRuns sends it again (the job id
      // the decision recorded on the run row, so it is the same job).
      if (outcome === 'resume' && resumeJobId)
        await deps.enqueue({ runId: row.id, workspaceId: row.workspaceId }, { id: resumeJobId });
      // Showing it in the run document at once is a courtesy to watchers; the runner writes it again.
      try {
        await showDecision(principal, row.workspaceId, runId, node.id, {
          decision,
          ...(who ? { decidedBy: who.id, decidedByName: who.name } : {}),
          decidedAt,
          ...(body.comment ? { comment: body.comment } : {}),
        });
      } catch (error) {
        deps.logger.warn({ err: error, runId, nodeId: node.id }, 'approval: could not show the decision yet');
      }
      deps.logger.info(
        { runId, nodeId: node.id, decision, resumed: outcome === 'resume' },
        'approval decided',
      );
      await deps.audit?.record({
        workspaceId,
        actor: principal,
        kind: 'approval.decided',
        target: runId,
        details: { workflowId: row.workflowId, nodeKey, decision, edited: value !== null },
      });
      return {
        runId,
        nodeKey,
        decision,
        decidedBy: who?.id ?? null,
        decidedByName: who?.name ?? null,
        decidedAt,
        resumed: outcome === 'resume',
      };
    },
  };

  /**
   * Everyone watching sees who decided at once, before a runner picks the run up (the runner writes
   * the same fields again from run_approvals when it resumes, so a crash here loses nothing).
   */
  async function showDecision(
    principal: Principal,
    workspaceId: string,
    runId: string,
    nodeId: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const name = runDocName(workspaceId, runId);
    const connection = await deps.sync.openDirectConnection(name, { principal });
    try {
      const doc = connection.document;
      const current = doc ? readRun(doc)?.nodes[nodeId]?.approval : undefined;
      if (!doc || !current) return;
      updateNodeRun(doc, nodeId, { approval: { ...current, ...fields } }, SERVER_ORIGIN);
      await deps.persistence.whenDurable(name);
    } finally {
      await connection.disconnect();
    }
  }
}
