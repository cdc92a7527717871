import { z } from 'zod';
import { RoleSchema, WorkspaceMembershipSchema } from './sessionSchemas';

// A workspace's members, invites, provider keys and audit log.

export const CreateWorkspaceBodySchema = z.object({ name: z.string().min(1).max(100) }).strict();
export const CreatedWorkspaceSchema = z.object({ workspace: WorkspaceMembershipSchema });

export const MemberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: RoleSchema,
    joinedAt: z.number(),
  })
  .meta({ id: 'Member' });

export const ChangeRoleBodySchema = z.object({ role: RoleSchema }).strict();

export const InviteSchema = z
  .object({
    id: z.string(),
    role: RoleSchema,
    createdBy: z.string(),
    createdAt: z.number(),
    expiresAt: z.number(),
  })
  .meta({ id: 'Invite' });

export const CreateInviteBodySchema = z
  .object({
    role: RoleSchema,
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24 * 7),
  })
  .strict();

export const CreatedInviteSchema = z.object({ invite: InviteSchema, token: z.string(), path: z.string() });

export const InviteInfoSchema = z.object({
  workspaceName: z.string(),
  role: RoleSchema,
  expiresAt: z.number(),
});

export const ProviderKeySchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    label: z.string(),
    baseUrl: z.string(),
    hint: z.string().meta({ example: 'sk-…abcd' }),
    /** Share of the provider's calls among its keys: the runner picks a key with weight / total. */
    weight: z.number().int(),
    createdAt: z.number(),
    lastUsedAt: z.number().nullable(),
  })
  .meta({ id: 'ProviderKey' });

export const AddKeyBodySchema = z
  .object({
    provider: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,31}(?::[A-Za-z0-9_-]{1,64})?$/,
        'a provider id: openai, anthropic, gemini, groq, deepseek, openrouter, ollama or custom:<name>',
      ),
    apiKey: z.string().min(8).max(4096),
    baseUrl: z.string().max(2048).optional(),
    label: z.string().max(100).optional(),
    /** Share of the provider's calls when it has several keys (default 1). */
    weight: z.number().int().min(1).max(100).optional(),
  })
  .strict();

/** A key's share of its provider's calls; the key itself never changes (add a new one instead). */
export const UpdateKeyBodySchema = z.object({ weight: z.number().int().min(1).max(100) }).strict();

/** A rejected key is a result (`ok: false`), not an error. */
export const KeyTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().nullable(),
  message: z.string(),
});

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
  .meta({ id: 'AuditEvent' });

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  nextBefore: z.number().nullable(),
});

/** Days a workspace keeps audit events; null keeps them forever (the default). */
export const AuditRetentionSchema = z
  .object({
    retentionDays: z
      .number()
      .int()
      .min(30, 'keep at least 30 days, so the recent trail always survives')
      .max(3650)
      .nullable(),
  })
  .strict()
  .meta({ id: 'AuditRetention' });

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;

export type Member = z.infer<typeof MemberSchema>;
export type Invite = z.infer<typeof InviteSchema>;
export type CreateInviteBody = z.input<typeof CreateInviteBodySchema>;
export type CreatedInvite = z.infer<typeof CreatedInviteSchema>;
export type InviteInfo = z.infer<typeof InviteInfoSchema>;
export type ProviderKey = z.infer<typeof ProviderKeySchema>;
export type AddKeyBody = z.input<typeof AddKeyBodySchema>;
export type KeyTestResult = z.infer<typeof KeyTestResultSchema>;
export type UpdateKeyBody = z.infer<typeof UpdateKeyBodySchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditRetention = z.infer<typeof AuditRetentionSchema>;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
