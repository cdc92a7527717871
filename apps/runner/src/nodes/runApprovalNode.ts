import {
  APPROVED_HANDLE,
  approvalDataOf,
  approvalOutputOf,
  ErrorCodes,
  renderTemplate,
  TIMEOUT_HANDLE,
} from '@synapse/schema';
import type { NodeExecutor } from './NodeExecutor';
import { templateContextOf } from './templateContextOf';

/** The approver's value for a node with fields: a JSON object's text, anything else kept as text. */
function parseValue(value: string): string | Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]),
      );
  } catch {
    // Not JSON: the fields stay empty.
  }
  return value;
}

/**
 * A Human approval node asks its run's gate. No decision yet: the node waits (the run parks, ADR 0023).
 * Approved: the (possibly edited) value leaves by `approved`. Rejected: the node fails, naming who.
 * Timed out: the proposed value leaves by `timeout`.
 */
export const runApprovalNode: NodeExecutor = async (node, ctx, base) => {
  const data = approvalDataOf(node);
  if (!ctx.approvals)
    return {
      ...base,
      status: 'failed',
      error: 'this run cannot wait for an approval (run it from Synapse, or with synapse run --approve)',
      errorCode: ErrorCodes.approvalUnavailable,
    };
  const message = renderTemplate(data.message, templateContextOf(ctx));
  const proposed = data.fields.length > 0 ? approvalOutputOf(data, {}) : ctx.upstream;
  const outcome = await ctx.approvals.ask(node.id, {
    message,
    fields: data.fields,
    value: proposed,
    timeoutMs: data.timeoutMs,
  });
  if (!outcome) return { ...base, status: 'waiting' };
  if (outcome.decision === 'rejected') {
    const who = outcome.decidedByName ?? 'an editor';
    return {
      ...base,
      status: 'failed',
      error: `rejected by ${who}${outcome.comment ? `: ${outcome.comment}` : ''}`,
      errorCode: ErrorCodes.approvalRejected,
    };
  }
  const output =
    outcome.decision === 'approved' && outcome.value !== null
      ? approvalOutputOf(data, data.fields.length > 0 ? parseValue(outcome.value) : outcome.value)
      : proposed;
  ctx.writer.appendOutput(node.id, output);
  return { ...base, output, branch: outcome.decision === 'timeout' ? TIMEOUT_HANDLE : APPROVED_HANDLE };
};
