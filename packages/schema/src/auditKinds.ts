/**
 * Every kind of audit event, as stored in `audit_events.kind`. The strings are a contract: stored rows
 * keep them, the API filters by them (exact, or a prefix ending in `.`), and the web's audit log
 * describes each one. Add kinds; never rename one.
 */
export const AUDIT_KINDS = [
  'auth.signed_up',
  'auth.signed_in',
  'auth.signed_out',
  'workspace.created',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'invite.created',
  'invite.revoked',
  'key.created',
  'key.used',
  'key.deleted',
  'workflow.created',
  'workflow.deleted',
  'workflow.published',
  'workflow.unpublished',
  'run.started',
  'run.cancelled',
  // Human approval nodes (ADR 0023): who approved, edited or rejected a waiting run's request.
  'approval.decided',
  'api_token.created',
  'api_token.revoked',
  'mcp_server.created',
  'mcp_server.deleted',
  'memory.created',
  'memory.updated',
  'memory.deleted',
  // Audit retention and export ([enterprise] issue 17).
  'audit.retention_changed',
  'audit.pruned',
  'audit.exported',
  // Single sign-on ([enterprise] SSO): an identity linked to an account, a workspace's SSO-only setting.
  'auth.sso_linked',
  'workspace.sso_only_changed',
  // Two-factor authentication (issue 17, i-totp).
  'auth.2fa_enabled',
  'auth.2fa_disabled',
  'auth.2fa_failed',
  'auth.recovery_code_used',
  'workspace.2fa_required',
  // Load balancing over a provider's keys ([scale] issue 12): a key's share of the calls changed.
  'key.weight_changed',
  // Draft and published versions ([run-api] issue 13): a saved version marked as the one automation runs.
  'version.published',
  // Webhook triggers ([triggers] issue 14).
  'webhook.created',
  'webhook.deleted',
  // Schedules ([triggers] issue 14).
  'schedule.created',
  'schedule.updated',
  'schedule.paused',
  'schedule.resumed',
  'schedule.deleted',
  // The workspace secrets vault ([triggers] issue 14): details name the secret, never its value.
  'secret.created',
  'secret.updated',
  'secret.deleted',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

type GroupOf<K> = K extends `${infer Group}.${string}` ? Group : never;

/** The part of a kind before its dot (`key` of `key.used`): what the audit log's filter groups by. */
export type AuditKindGroup = GroupOf<AuditKind>;
