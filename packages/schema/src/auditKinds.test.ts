import { describe, expect, expectTypeOf, it } from 'vitest';
import { AUDIT_KINDS, type AuditKindGroup } from './auditKinds';

describe('AUDIT_KINDS', () => {
  it('holds distinct group.action kinds, which the API filters by prefix', () => {
    expect(new Set(AUDIT_KINDS).size).toBe(AUDIT_KINDS.length);
    for (const kind of AUDIT_KINDS) expect(kind).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
  });

  it('keeps every kind stored rows may carry (add kinds, never rename or drop one)', () => {
    // A renamed kind orphans its rows from the filters and the web's descriptions.
    expect(AUDIT_KINDS).toEqual(
      expect.arrayContaining([
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
        'api_token.created',
        'api_token.revoked',
        'mcp_server.created',
        'mcp_server.deleted',
        'memory.created',
        'memory.updated',
        'memory.deleted',
        'audit.retention_changed',
        'audit.pruned',
        'audit.exported',
        'auth.sso_linked',
        'workspace.sso_only_changed',
        'version.published',
        'webhook.created',
        'webhook.deleted',
        'schedule.created',
        'schedule.updated',
        'schedule.paused',
        'schedule.resumed',
        'schedule.deleted',
        'secret.created',
        'secret.updated',
        'secret.deleted',
      ]),
    );
    expectTypeOf<AuditKindGroup>().toEqualTypeOf<
      | 'approval'
      | 'auth'
      | 'workspace'
      | 'member'
      | 'invite'
      | 'key'
      | 'workflow'
      | 'run'
      | 'api_token'
      | 'mcp_server'
      | 'memory'
      | 'audit'
      | 'version'
      | 'webhook'
      | 'schedule'
      | 'secret'
    >();
  });
});
