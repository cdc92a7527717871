import { z } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: ErrorCodes.dagCycle }),
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
    cancelRequestedAt: z.number().nullable(),
    deadlineAt: z.number().nullable(),
    costUsd: z.number().nullable(),
    documentName: z.string(),
  })
  .openapi('Run');

export const errorResponses = {
  400: { description: 'Malformed request', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'No access', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorBody } } },
} as const;

export const RoleSchema = z.enum(['owner', 'editor', 'viewer']).openapi('Role');

export const UserSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string().nullable().optional() })
  .openapi('User');

export const WorkspaceMembershipSchema = z
  .object({ id: z.string(), name: z.string(), role: RoleSchema })
  .openapi('WorkspaceMembership');

export const SessionBody = z
  .object({ user: UserSchema, workspaces: z.array(WorkspaceMembershipSchema) })
  .openapi('Session');

export const MemberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: RoleSchema,
    joinedAt: z.number(),
  })
  .openapi('Member');

export const InviteSchema = z
  .object({
    id: z.string(),
    role: RoleSchema,
    createdBy: z.string(),
    createdAt: z.number(),
    expiresAt: z.number(),
  })
  .openapi('Invite');

export const ProviderKeySchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    label: z.string(),
    baseUrl: z.string(),
    hint: z.string().openapi({ example: 'sk-…abcd' }),
    createdAt: z.number(),
    lastUsedAt: z.number().nullable(),
  })
  .openapi('ProviderKey');

export const AuditEventSchema = z
  .object({
    id: z.number(),
    workspaceId: z.string().nullable(),
    actorId: z.string(),
    actorName: z.string(),
    kind: z.string(),
    target: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.number(),
  })
  .openapi('AuditEvent');

export const tooManyRequests = {
  description: 'Too many attempts',
  content: { 'application/json': { schema: ErrorBody } },
} as const;
