import { z } from 'zod';

// Human approval decisions (ADR 0023): the session route and `POST /api/v1/runs/{id}/approvals/{nodeKey}`
// take the same body and answer with the same shape.

export const ApprovalDecisionBodySchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    /**
     * The value to approve instead of the proposed one: text for a node without fields, an object of
     * its fields otherwise. Absent: the proposed value as it is. Ignored on reject.
     */
    value: z.union([z.string().max(100_000), z.record(z.string(), z.string().max(100_000))]).optional(),
    comment: z.string().max(2000).optional(),
  })
  .meta({ id: 'ApprovalDecisionBody' });
export type ApprovalDecisionBody = z.infer<typeof ApprovalDecisionBodySchema>;

export const ApprovalDecisionSchema = z
  .object({
    runId: z.string(),
    nodeKey: z.string(),
    decision: z.enum(['approved', 'rejected', 'timeout']),
    decidedBy: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: z.number().nullable(),
    /** True when the decision queued the waiting run again. */
    resumed: z.boolean(),
  })
  .meta({ id: 'ApprovalDecision' });
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;
