// The authorization matrix: anonymous, non-member, viewer, editor and owner against every API route (read
// from the server's own route table, so a route added without an access rule fails here) and every
// document kind. Every cell is asserted.
import { createSessionsRepo } from '@synapse/db';
import {
  addNode,
  indexDocName,
  initWorkflowDoc,
  RUNNER_ORIGIN,
  runDocName,
  signSyncToken,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { ROUTE_RULES, type RouteRule } from '@synapse/server';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDoc } from '../support/openDoc';

type Who = 'anonymous' | 'non-member' | 'viewer' | 'editor' | 'owner';
const WHO: Who[] = ['anonymous', 'non-member', 'viewer', 'editor', 'owner'];
const RANK: Record<Who, number> = { anonymous: -1, 'non-member': 0, viewer: 1, editor: 2, owner: 3 };
const W = 'default';

function allowed(rule: RouteRule, who: Who): boolean {
  if (rule.access === 'public') return true;
  if (rule.access === 'user') return who !== 'anonymous';
  // The matrix's owner is the first account, so it owns `default` and administers the install.
  if (rule.access === 'install') return who === 'owner';
  // The run API (/api/v1): a session names the workspace with ?workspaceId= (the probe names W), then as a
  // workspace rule (tokens are tested in runApiRoutes.test.ts and test/integration/runApi).
  const needed = rule.need === 'read' ? 1 : rule.need === 'write' ? 2 : 3;
  return RANK[who] >= needed;
}

const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

let stack: Stack;
const users = {} as Record<Exclude<Who, 'anonymous'>, TestUser>;
let otherWorkspace = '';
let workflowId = '';
let runId = '';

async function freshCookie(who: Who): Promise<string | null> {
  if (who === 'anonymous') return null;
  const { token } = await createSessionsRepo(stack.server.database.sql).create(users[who].id);
  return `synapse_session=${token}`;
}

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  users.owner = await stack.users.signUp({ name: 'Owner' });
  users.editor = await stack.users.signUp({
    name: 'Editor',
    inviteToken: await stack.users.invite(users.owner, W, 'editor'),
  });
  users.viewer = await stack.users.signUp({
    name: 'Viewer',
    inviteToken: await stack.users.invite(users.owner, W, 'viewer'),
  });
  // The outsider owns another workspace and is no member of W; W's owner leaves that workspace.
  const created = await users.owner.request('/api/workspaces', { body: { name: 'Elsewhere' } });
  otherWorkspace = ((await created.json()) as { workspace: { id: string } }).workspace.id;
  users['non-member'] = await stack.users.signUp({
    name: 'Outsider',
    inviteToken: await stack.users.invite(users.owner, otherWorkspace, 'owner'),
  });
  const left = await users.owner.request(`/api/workspaces/${otherWorkspace}/members/${users.owner.id}`, {
    method: 'DELETE',
  });
  expect(left.status).toBe(204);

  // A workflow and a run in W, for the document matrix.
  workflowId = 'matrix';
  const author = openDoc(stack.syncUrl, workflowDocName(W, workflowId), () => users.owner.syncToken());
  await author.synced();
  initWorkflowDoc(author.doc, { name: 'Matrix' }, USER_ORIGIN);
  addNode(author.doc, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } }, USER_ORIGIN);
  await eventually(() => author.provider.unsyncedChanges === 0, 'workflow saved');
  author.destroy();
  const run = await users.owner.request(`/api/workspaces/${W}/workflows/${workflowId}/runs`, { body: {} });
  expect(run.status).toBe(202);
  runId = ((await run.json()) as { run: { id: string } }).run.id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('API routes', () => {
  it('every registered API route has an access rule, and every rule a route', () => {
    const registered = stack.server.app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${toOpenApi(r.path)}`);
    expect(registered.length).toBeGreaterThan(20);
    const missing = registered.filter((key) => !Object.hasOwn(ROUTE_RULES, key));
    expect(missing, 'routes without a rule in apps/server/src/http/routeAccess.ts').toEqual([]);
    expect(Object.keys(ROUTE_RULES).filter((key) => !registered.includes(key))).toEqual([]);
  });

  // One probe per route × principal. Path parameters other than the workspace are deliberately invalid and
  // bodies carry an unknown field, so a request that passes access control stops at validation (400)
  // without changing anything, and one that does not is answered 401/403 before any handler runs.
  const routes = () =>
    stack.server.app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => ({
        method: r.method,
        path: r.path,
        rule: ROUTE_RULES[`${r.method} ${toOpenApi(r.path)}`],
      }));

  it.each(WHO)('%s gets exactly what each route rule allows', async (who) => {
    const cells: string[] = [];
    for (const route of routes()) {
      if (!route.rule) continue;
      const path = route.path.replace(':workspaceId', W).replace(/:(\w+)/g, '!bad');
      const cookie = await freshCookie(who);
      // Not followed: a redirect (the SSO routes answer with one) is the route's answer.
      const init: RequestInit = {
        method: route.method,
        headers: cookie ? { cookie } : {},
        redirect: 'manual',
      };
      if (route.method !== 'GET') {
        init.headers = { ...init.headers, 'content-type': 'application/json' };
        init.body = JSON.stringify({ __probe: true });
      }
      const query = route.path.endsWith('/audit')
        ? '?limit=0'
        : route.rule.access === 'api'
          ? `?workspaceId=${W}`
          : '';
      const response = await fetch(`${stack.url}${path}${query}`, init);
      const expected = allowed(route.rule, who) ? 'allowed' : who === 'anonymous' ? 401 : 403;
      const actual = response.status === 401 || response.status === 403 ? response.status : 'allowed';
      if (response.status >= 500) cells.push(`${route.method} ${route.path}: ${response.status}`);
      else if (actual !== expected)
        cells.push(`${route.method} ${route.path}: expected ${expected}, got ${response.status}`);
    }
    expect(cells).toEqual([]);
  });

  it("members of one workspace reach nothing of another's, whatever the spelling of the path", async () => {
    const problems: string[] = [];
    for (const who of ['viewer', 'editor', 'owner'] as const) {
      for (const route of routes()) {
        if (route.rule?.access !== 'workspace') continue;
        const path = route.path.replace(':workspaceId', otherWorkspace).replace(/:(\w+)/g, 'x');
        const cookie = await freshCookie(who);
        const response = await fetch(`${stack.url}${path}`, {
          method: route.method,
          headers: { cookie: cookie as string, 'content-type': 'application/json' },
          body: route.method === 'GET' ? undefined : '{}',
        });
        if (response.status !== 403) problems.push(`${who} ${route.method} ${path}: ${response.status}`);
      }
    }
    expect(problems).toEqual([]);
    // Case, trailing slashes, encoded separators and dot segments do not reach W's data for an outsider.
    const outsider = await freshCookie('non-member');
    for (const trick of [
      `/API/workspaces/${W}/members`,
      `/api/workspaces/${W}/members/`,
      `/api//workspaces/${W}/members`,
      `/api/workspaces/${otherWorkspace}/../${W}/members`,
      `/api/workspaces/${otherWorkspace}%2F..%2F${W}/members`,
      `/api/workspaces/%64efault/members`,
      `/api/workspaces/${W}/members?/api/health`,
    ]) {
      const response = await fetch(`${stack.url}${trick}`, { headers: { cookie: outsider as string } });
      const body = await response.text();
      expect(body, trick).not.toContain(users.viewer.id);
    }
  });
});

describe('documents', () => {
  const kinds = ['index', 'workflow', 'run'] as const;
  // who → kind → access; `none` means the connection is refused.
  const expected: Record<Who | 'runner', Record<(typeof kinds)[number], 'none' | 'read' | 'write'>> = {
    anonymous: { index: 'none', workflow: 'none', run: 'none' },
    'non-member': { index: 'none', workflow: 'none', run: 'none' },
    viewer: { index: 'read', workflow: 'read', run: 'read' },
    editor: { index: 'write', workflow: 'write', run: 'read' },
    owner: { index: 'write', workflow: 'write', run: 'read' },
    runner: { index: 'read', workflow: 'read', run: 'write' },
  };
  const names = () => ({
    index: indexDocName(W),
    workflow: workflowDocName(W, workflowId),
    run: runDocName(W, runId),
  });

  async function tokenFor(who: Who | 'runner'): Promise<string> {
    if (who === 'anonymous') return 'not-a-token';
    if (who === 'runner')
      return signSyncToken(
        { sub: 'runner', kind: 'service', name: 'Runner', exp: Date.now() + 60_000 },
        stack.server.secret,
      );
    return users[who].syncToken();
  }

  describe.each(Object.keys(expected) as (Who | 'runner')[])('%s', (who) => {
    it.each(kinds)('%s document', async (kind) => {
      const name = names()[kind];
      const token = await tokenFor(who);
      const client = openDoc(stack.syncUrl, name, token);
      // An observer with full read access sees what actually reached the server.
      const observer = openDoc(stack.syncUrl, name, await tokenFor('owner'));
      try {
        const outcome = await client.outcome;
        const access = expected[who][kind];
        if (access === 'none') {
          expect(outcome.kind).toBe('denied');
          return;
        }
        expect(outcome.kind).toBe(access === 'write' ? 'read-write' : 'readonly');
        await client.synced();
        await observer.synced();
        const marker = `${who}-${kind}-${Math.random()}`;
        client.doc.transact(
          () => client.doc.getMap('meta').set('probe', marker),
          kind === 'run' ? RUNNER_ORIGIN : USER_ORIGIN,
        );
        if (access === 'write') {
          await eventually(() => observer.doc.getMap('meta').get('probe') === marker, 'the write to arrive');
        } else {
          // The server answers a refused write with SyncStatus(false); give it time to (not) arrive.
          await new Promise((r) => setTimeout(r, 300));
          expect(observer.doc.getMap('meta').get('probe')).not.toBe(marker);
          const stored = await stack.server.persistence.whenDurable(name).then(() => true);
          expect(stored).toBe(true);
        }
      } finally {
        client.destroy();
        observer.destroy();
      }
    });
  });

  it('a document name that is not a document is refused', async () => {
    const client = openDoc(stack.syncUrl, 'ws/default/secrets/all', await tokenFor('owner'));
    expect((await client.outcome).kind).toBe('denied');
    client.destroy();
  });
});
