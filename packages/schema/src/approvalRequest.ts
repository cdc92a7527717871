import type { ApprovalField } from './nodes/approval';
import { readApprovalFields } from './nodes/approval';
import { readField, readFiniteNumber, readString } from './readUntrusted';

export type ApprovalDecision = 'approved' | 'rejected' | 'timeout';
export const APPROVAL_DECISIONS: readonly ApprovalDecision[] = ['approved', 'rejected', 'timeout'];

/**
 * A Human approval node's request as everyone watching the run sees it (run document, node entry
 * `approval`; docs/document-schema.md). The runner writes it when the node starts waiting and adds the
 * decision when it resumes the run.
 */
export interface ApprovalRequest {
  /** The rendered question. */
  message: string;
  /** Declared values to fill in; empty: the approver may edit `value` (the upstream text). */
  fields: ApprovalField[];
  /** The value proposed to the approver. */
  value: string;
  requestedAt: number;
  /** When the timeout branch is taken if nobody decided. */
  timeoutAt?: number;
  decision?: ApprovalDecision;
  /** User id of who decided (absent for a timeout). */
  decidedBy?: string;
  /** Their display name, as it was when they decided. */
  decidedByName?: string;
  decidedAt?: number;
  comment?: string;
}

/** Tolerant read of a run document's `approval` entry; undefined when it is not one. */
export function readApprovalRequest(raw: unknown): ApprovalRequest | undefined {
  const requestedAt = readFiniteNumber(readField(raw, 'requestedAt'));
  if (requestedAt === undefined) return undefined;
  const out: ApprovalRequest = {
    message: readString(readField(raw, 'message'), ''),
    fields: readApprovalFields(readField(raw, 'fields')),
    value: readString(readField(raw, 'value'), ''),
    requestedAt,
  };
  for (const key of ['timeoutAt', 'decidedAt'] as const) {
    const n = readFiniteNumber(readField(raw, key));
    if (n !== undefined) out[key] = n;
  }
  const decision = APPROVAL_DECISIONS.find((d) => d === readField(raw, 'decision'));
  if (decision) out.decision = decision;
  for (const key of ['decidedBy', 'decidedByName', 'comment'] as const) {
    const value = readField(raw, key);
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Write-side check of an `approval` entry (the runner's writes are validated like every field). */
export function checkApprovalRequest(key: string, value: unknown): void {
  const read = readApprovalRequest(value);
  if (
    !read ||
    typeof readField(value, 'message') !== 'string' ||
    typeof readField(value, 'value') !== 'string'
  )
    throw new TypeError(`${key} must be an approval request with message, value and requestedAt`);
}
