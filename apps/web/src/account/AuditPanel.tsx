import type { AuditKind, AuditKindGroup } from '@synapse/schema';
import type { AuditEvent, Role } from '@synapse/schema/api';
import { useState } from 'react';
import { ScreenMessage } from '../components/ScreenMessage';
import { AuditRetentionSetting } from './AuditRetentionSetting';
import { accountApi } from './accountApi';
import { formatTime } from './formatTime';
import { useApiData } from './useApiData';

type Describe = (e: AuditEvent) => string;

/** Filter groups by kind prefix; every group of the shared `AuditKind` union has one. */
const GROUPS: Record<AuditKindGroup, string> = {
  auth: 'Sign-ins and sign-outs',
  member: 'Members and roles',
  invite: 'Invites',
  key: 'Provider keys',
  workflow: 'Workflows',
  run: 'Runs',
  approval: 'Approvals',
  workspace: 'Workspace',
  api_token: 'API tokens',
  mcp_server: 'MCP servers',
  memory: 'Memory',
  audit: 'The audit log itself',
  version: 'Published versions',
  webhook: 'Webhooks',
  schedule: 'Schedules',
  secret: 'Secrets',
};

const KINDS: { value: string; label: string }[] = [
  { value: '', label: 'All events' },
  ...Object.entries(GROUPS).map(([group, label]) => ({ value: `${group}.`, label })),
];

/** A sentence for every kind the server records (the compiler checks none is missing). */
const DESCRIBE: Record<AuditKind, Describe> = {
  'auth.signed_up': () => 'created an account',
  'auth.signed_in': (e) => (e.details.via === 'sso' ? 'signed in with single sign-on' : 'signed in'),
  'auth.signed_out': () => 'signed out',
  'workspace.created': (e) => `created the workspace “${String(e.details.name ?? '')}”`,
  'member.joined': (e) => `joined as ${String(e.details.role ?? '')}`,
  'member.role_changed': (e) =>
    `changed ${String(e.details.name ?? 'a member')} from ${String(e.details.from)} to ${String(e.details.to)}`,
  'member.removed': (e) =>
    e.details.left ? 'left the workspace' : `removed ${String(e.details.name ?? 'a member')}`,
  'invite.created': (e) => `created a ${String(e.details.role ?? '')} invite`,
  'invite.revoked': () => 'revoked an invite',
  'key.created': (e) =>
    `added the ${String(e.details.provider)} key “${String(e.details.label ?? '')}” (${String(e.details.hint ?? '')})`,
  'key.used': (e) => `used the ${String(e.details.provider)} key`,
  'key.deleted': (e) => `deleted the ${String(e.details.provider)} key “${String(e.details.label ?? '')}”`,
  'key.weight_changed': (e) =>
    `changed the weight of the ${String(e.details.provider)} key “${String(e.details.label ?? '')}” from ${String(e.details.from)} to ${String(e.details.to)}`,
  'workflow.created': (e) => `created the workflow “${String(e.details.name ?? e.target ?? '')}”`,
  'workflow.deleted': (e) => `${e.details.how === 'archived' ? 'archived' : 'deleted'} a workflow`,
  'workflow.published': (e) => `published a workflow as the tool “${String(e.details.toolName ?? '')}”`,
  'workflow.unpublished': () => 'unpublished a workflow',
  'run.started': () => 'started a run',
  'run.cancelled': () => 'cancelled a run',
  'approval.decided': (e) => `${String(e.details.decision ?? 'decided')} an approval in a run`,
  'api_token.created': (e) =>
    `created the API token “${String(e.details.name ?? '')}” (${String(e.details.hint ?? '')})`,
  'api_token.revoked': (e) =>
    `revoked the API token “${String(e.details.name ?? '')}”${e.details.hint ? ` (${String(e.details.hint)})` : ''}`,
  'mcp_server.created': (e) => `added the MCP server ${String(e.details.url ?? e.details.entry ?? '')}`,
  'mcp_server.deleted': (e) => `removed the MCP server “${String(e.details.name ?? '')}”`,
  'memory.created': () => 'added a memory entry',
  'memory.updated': () => 'edited a memory entry',
  'memory.deleted': () => 'deleted a memory entry',
  'audit.retention_changed': (e) =>
    `set audit retention to ${retentionLabel(e.details.to)} (was ${retentionLabel(e.details.from)})`,
  'audit.pruned': (e) =>
    `deleted ${String(e.details.count ?? 0)} audit events older than ${retentionLabel(e.details.retentionDays)}`,
  'audit.exported': (e) => `exported the audit log as ${String(e.details.format ?? '').toUpperCase()}`,
  'auth.sso_linked': (e) => `linked a single sign-on identity (${String(e.details.email ?? '')})`,
  'workspace.sso_only_changed': (e) =>
    e.details.ssoOnly ? 'required single sign-on for this workspace' : 'allowed password sign-in again',
  'auth.2fa_enabled': () => 'turned on two-factor authentication',
  'auth.2fa_disabled': () => 'turned off two-factor authentication',
  'auth.2fa_failed': () => 'entered a wrong two-factor code',
  'auth.recovery_code_used': () => 'signed in with a recovery code',
  'workspace.2fa_required': (e) =>
    e.details.required
      ? 'required two-factor authentication for the workspace'
      : 'stopped requiring two-factor authentication',
  'version.published': (e) => `published the version “${String(e.details.name ?? '')}” of a workflow`,
  'webhook.created': (e) => `created the webhook “${String(e.details.name ?? '')}” of a workflow`,
  'webhook.deleted': (e) => `deleted the webhook “${String(e.details.name ?? '')}” of a workflow`,
  'schedule.created': (e) =>
    `created the schedule “${String(e.details.name ?? '')}” (${String(e.details.cron ?? '')}, ${String(e.details.timezone ?? '')})`,
  'schedule.updated': (e) => `changed the schedule “${String(e.details.name ?? '')}”`,
  'schedule.paused': (e) => `paused the schedule “${String(e.details.name ?? '')}”`,
  'schedule.resumed': (e) => `resumed the schedule “${String(e.details.name ?? '')}”`,
  'schedule.deleted': (e) => `deleted the schedule “${String(e.details.name ?? '')}”`,
  'secret.created': (e) => {
    const hosts = Array.isArray(e.details.allowedHosts) ? (e.details.allowedHosts as string[]) : [];
    const limit = hosts.length > 0 ? `, sent only to ${hosts.join(', ')}` : '';
    return `added the secret ${String(e.details.name ?? e.target ?? '')}${limit}`;
  },
  'secret.updated': (e) => {
    const name = String(e.details.name ?? e.target ?? '');
    const hosts = e.details.allowedHosts as { to?: string[] } | undefined;
    const where = hosts?.to ? (hosts.to.length > 0 ? `to ${hosts.to.join(', ')} only` : 'to any host') : null;
    // Events from before host lists have no valueReplaced: they were all value changes.
    const value = e.details.valueReplaced !== false;
    if (where && value) return `changed the value of the secret ${name} and limited it ${where}`;
    if (where) return `limited the secret ${name} ${where}`;
    return value ? `changed the value of the secret ${name}` : `saved the secret ${name} unchanged`;
  },
  'secret.deleted': (e) => `deleted the secret ${String(e.details.name ?? e.target ?? '')}`,
};

function retentionLabel(days: unknown): string {
  return typeof days === 'number' ? `${days} days` : 'forever';
}

/** Rows written by another version of the server may carry a kind this app does not know. */
function describeEvent(e: AuditEvent): string {
  return Object.hasOwn(DESCRIBE, e.kind) ? DESCRIBE[e.kind as AuditKind](e) : e.kind;
}

const toMs = (local: string) => (local ? new Date(local).getTime() : undefined);

/** Who did what, newest first, for owners; filters by person, kind of event and time. */
export function AuditPanel({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const [actor, setActor] = useState('');
  const [kind, setKind] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [older, setOlder] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const filters = { actor, kind, since: toMs(since), until: toMs(until) };
  const [page] = useApiData(async () => {
    setOlder([]);
    const result = await accountApi.audit(workspaceId, filters);
    setCursor(result.nextBefore);
    return result;
  }, [workspaceId, actor, kind, since, until]);
  const [members] = useApiData(() => accountApi.members(workspaceId), [workspaceId]);

  if (role !== 'owner')
    return (
      <ScreenMessage kind="empty" title="Only owners see the audit log" testId="audit-forbidden">
        Ask an owner of this workspace.
      </ScreenMessage>
    );

  const loadMore = async () => {
    if (cursor === null) return;
    const result = await accountApi.audit(workspaceId, { ...filters, before: cursor });
    setOlder((current) => [...current, ...result.events]);
    setCursor(result.nextBefore);
  };
  const events = page.state === 'ready' ? [...page.data.events, ...older] : [];

  return (
    <div className="settings-stack">
      <header className="settings-section__head">
        <h1 className="settings-section__title">Audit log</h1>
        <p className="muted">
          Sign-ins, membership and role changes, keys, workflows and runs, newest first.
        </p>
      </header>
      <AuditRetentionSetting workspaceId={workspaceId} />
      <form className="filter-bar" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field__label">Who</span>
          <select
            className="field__input"
            value={actor}
            onChange={(e) => setActor(e.target.value)}
            data-testid="audit-actor"
          >
            <option value="">Everyone</option>
            {members.state === 'ready' &&
              members.data.members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">What</span>
          <select
            className="field__input"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            data-testid="audit-kind"
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">From</span>
          <input
            className="field__input"
            type="datetime-local"
            value={since}
            onChange={(e) => setSince(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">To</span>
          <input
            className="field__input"
            type="datetime-local"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
          />
        </label>
        {/* Plain GET links: the server streams the file and names it; the current filters go along. */}
        <a className="button" href={accountApi.auditExportUrl(workspaceId, filters, 'jsonl')} download>
          Export JSONL
        </a>
        <a className="button" href={accountApi.auditExportUrl(workspaceId, filters, 'csv')} download>
          Export CSV
        </a>
      </form>
      {page.state === 'loading' && <ScreenMessage kind="loading" title="Loading the audit log…" />}
      {page.state === 'error' && (
        <ScreenMessage kind="error" title="Could not load the audit log">
          {page.message}
        </ScreenMessage>
      )}
      {page.state === 'ready' && events.length === 0 && (
        <ScreenMessage kind="empty" title="No events match" />
      )}
      {events.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="audit-table">
            <caption className="sr-only">Audit events</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Event</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-kind={e.kind}>
                  <td className="muted data-table__nowrap">{formatTime(e.createdAt)}</td>
                  <td>{e.actorName}</td>
                  <td>{describeEvent(e)}</td>
                  <td>
                    <code className="muted">{e.kind}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor !== null && (
        <button type="button" className="button" onClick={() => void loadMore()}>
          Load older events
        </button>
      )}
    </div>
  );
}
