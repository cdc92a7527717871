import { z } from 'zod';
import { ErrorCodes } from '../errorCodes';
import type { GraphNode } from '../graphTypes';
import { readField, readFiniteNumber, readString } from '../readUntrusted';
import type { NodeDefinition } from './NodeDefinition';

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** The longest an approval may wait for its timeout branch: 30 days. */
export const MAX_APPROVAL_TIMEOUT_MS = 30 * 24 * 3600 * 1000;
/** The handle edges leave by once someone approved (the output is the approved value). */
export const APPROVED_HANDLE = 'approved';
/** The handle edges leave by when nobody decided within `timeoutMs`. */
export const TIMEOUT_HANDLE = 'timeout';

/** One value the approver fills in: the node's output becomes a JSON object of them. */
export interface ApprovalField {
  name: string;
  label: string;
}

export interface ApprovalNodeData {
  label: string;
  /** What the approver is asked (a template: `{{input}}`, `{{nodes.<key>.output}}` render). */
  message: string;
  /** Declared values; none means the approver sees (and may edit) the upstream text. */
  fields: ApprovalField[];
  /** 0: wait without limit; otherwise after this long the run takes the `timeout` branch. */
  timeoutMs: number;
}

/** Fields with valid, unique names (first wins); bad entries are dropped. */
export function readApprovalFields(raw: unknown): ApprovalField[] {
  const out: ApprovalField[] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(raw) ? raw : []) {
    const name = readString(readField(item, 'name'), '');
    if (!FIELD_NAME.test(name) || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, label: readString(readField(item, 'label'), name) || name });
  }
  return out;
}

function readTimeout(raw: unknown): number {
  const n = readFiniteNumber(raw);
  return n !== undefined && n > 0 ? Math.floor(n) : 0;
}

export function approvalDataOf(node: GraphNode): ApprovalNodeData {
  const d = node.data;
  return {
    label: readString(d.label, approvalNode.title),
    message: readString(d.message, ''),
    fields: readApprovalFields(d.fields),
    timeoutMs: readTimeout(d.timeoutMs),
  };
}

/**
 * The approved value as the node's output: the edited text when the node declares no fields,
 * otherwise a JSON object of exactly its fields (missing ones empty, unknown ones dropped).
 */
export function approvalOutputOf(
  data: Pick<ApprovalNodeData, 'fields'>,
  value: string | Record<string, string>,
): string {
  if (data.fields.length === 0) return typeof value === 'string' ? value : JSON.stringify(value);
  const given = typeof value === 'string' ? {} : value;
  return JSON.stringify(
    Object.fromEntries(
      data.fields.map((f) => [f.name, typeof given[f.name] === 'string' ? given[f.name] : '']),
    ),
  );
}

const approvalConfig = z.object({
  label: z.string(),
  message: z.string(),
  fields: z.array(z.object({ name: z.string().regex(FIELD_NAME), label: z.string() })),
  timeoutMs: z
    .number()
    .int()
    .min(0)
    .max(MAX_APPROVAL_TIMEOUT_MS, { message: 'the timeout must be at most 30 days' }),
}) satisfies z.ZodType<ApprovalNodeData>;

/**
 * Human approval: the run waits (durably, without a runner) until an editor approves, edits or rejects
 * the value, or the timeout passes. Approved → the `approved` branch carries the value; rejected →
 * the node fails (and with it the run); timed out → the `timeout` branch carries the unedited value.
 * ADR 0023.
 */
export const approvalNode: NodeDefinition<ApprovalNodeData> = {
  type: 'approval',
  title: 'Approval',
  executable: true,
  fields: { message: 'text', fields: 'array', timeoutMs: 'number' },
  defaults: () => ({ message: 'Approve this?\n\n{{input}}', fields: [], timeoutMs: 0 }),
  normalize(data) {
    data.message = readString(data.message, '');
    data.fields = readApprovalFields(data.fields);
    data.timeoutMs = readTimeout(data.timeoutMs);
  },
  read: approvalDataOf,
  config: approvalConfig,
  templateFields: ['message'],
  exposes: ['output'],
  sourceHandles: (node) =>
    readTimeout(node.data.timeoutMs) > 0 ? [APPROVED_HANDLE, TIMEOUT_HANDLE] : [APPROVED_HANDLE],
  targetHandles: ['in'],
  check(node, ctx) {
    if (readTimeout(node.data.timeoutMs) === 0) return [];
    const taken = ctx.graph.edges.some((e) => e.source === node.id && e.sourceHandle === TIMEOUT_HANDLE);
    if (taken) return [];
    return [
      {
        code: ErrorCodes.nodeInvalidConfig,
        message: `${ctx.nameOf(node.id)}: a timeout needs its own branch (connect the timeout handle)`,
        nodeId: node.id,
        field: 'timeoutMs',
      },
    ];
  },
};
