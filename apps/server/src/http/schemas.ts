import { z } from '@hono/zod-openapi';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'synapse.dag.cycle' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1–64 characters of A–Z, a–z, 0–9, _ and -')
  .openapi({ example: 'default' });

export const RunRowSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    workflowId: z.string(),
    versionId: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    requestedBy: z.string(),
    inputs: z.record(z.string(), z.string()),
    error: z.string().nullable(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
    documentName: z.string(),
  })
  .openapi('Run');

export const errorResponses = {
  400: { description: 'Malformed request', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'No access', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorBody } } },
} as const;
