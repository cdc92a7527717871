import type { RunApproval, RunApprovalsRepo, RunJob } from '@synapse/db';
import { type ApprovalRequest, RUNNER_ORIGIN, updateNodeRun } from '@synapse/schema';
import type { RunWriter } from './createRunWriter';
import type { ApprovalGate, ApprovalOutcome } from './RunNodeContext';

/** The decision fields of a decided approval, as the run document shows them. */
export function decisionFields(row: RunApproval): Partial<ApprovalRequest> {
  if (row.decision === null) return {};
  return {
    decision: row.decision,
    ...(row.decidedBy ? { decidedBy: row.decidedBy } : {}),
    ...(row.decidedByName ? { decidedByName: row.decidedByName } : {}),
    ...(row.decidedAt !== null ? { decidedAt: row.decidedAt } : {}),
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/**
 * The durable gate of one run (ADR 0023): a node's request is recorded in run_approvals (first request
 * kept), shown in the run document with any decision, and — with a timeout — a delayed run job is sent
 * that decides `timeout` when it comes due (pg-boss `startAfter`; no timer).
 * A node asked again after a resume schedules again: a second timeout job is a no-op (`decide` refuses it).
 */
export function createApprovalGate(options: {
  runId: string;
  workspaceId: string;
  approvals: Pick<RunApprovalsRepo, 'request'>;
  writer: RunWriter;
  scheduleTimeout(job: RunJob, at: number): Promise<void>;
  now(): number;
}): ApprovalGate {
  return {
    async ask(nodeId, request) {
      const now = options.now();
      const row = await options.approvals.request({
        runId: options.runId,
        nodeId,
        requestedAt: now,
        timeoutAt: request.timeoutMs > 0 ? now + request.timeoutMs : null,
      });
      const shown: ApprovalRequest = {
        message: request.message,
        fields: request.fields,
        value: request.value,
        requestedAt: row.requestedAt,
        ...(row.timeoutAt !== null ? { timeoutAt: row.timeoutAt } : {}),
        ...decisionFields(row),
      };
      options.writer.update((doc) => updateNodeRun(doc, nodeId, { approval: shown }, RUNNER_ORIGIN));
      if (row.decision === null && row.timeoutAt !== null)
        await options.scheduleTimeout(
          { runId: options.runId, workspaceId: options.workspaceId, approvalTimeout: { nodeId } },
          row.timeoutAt,
        );
      if (row.decision === null) return null;
      const outcome: ApprovalOutcome = {
        decision: row.decision,
        value: row.value,
        comment: row.comment,
        decidedByName: row.decidedByName,
      };
      return outcome;
    },
  };
}
