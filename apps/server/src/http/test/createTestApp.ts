import { randomBytes } from 'node:crypto';
import type { Hocuspocus } from '@hocuspocus/server';
import {
  type AddressPolicy,
  createWorkspacesRepo,
  type Database,
  DEFAULT_ADDRESS_POLICY,
  type LookupAddresses,
  type Redis,
  type RunJob,
  type Sql,
} from '@synapse/db';
import { WORKFLOW_TEMPLATES } from '@synapse/templates';
import type { Security, SecurityOptions } from '../../auth/createSecurity';
import { composeServer } from '../../composeServer';
import { createLogger } from '../../logger';
import type { SystemStatus } from '../../metrics/collectSystemStatus';
import type { ServerMetrics } from '../../metrics/createServerMetrics';
import type { ScheduleService, ScheduleTicks } from '../../schedules/createScheduleService';
import type { SyncContext } from '../../sync/SyncContext';
import type { App } from '../createApp';
import { openTestDatabase } from './openTestDatabase';
import { type RequestInit, requestAs, type TestClient } from './requestAs';

export type { TestClient } from './requestAs';

/** An address policy that admits loopback, for fake upstream servers on 127.0.0.1. */
export const LOOPBACK_ALLOWED: AddressPolicy = { allowPrivate: false, allow: ['127.0.0.0/8'] };

export interface TestAppOptions {
  /** Resolves host names for the address policy (MCP server and provider base URLs). */
  lookup?: LookupAddresses;
  addressPolicy?: AddressPolicy;
  /** Sign-in and sign-up are unlimited unless a test sets its own rules. */
  rateLimits?: SecurityOptions['rateLimits'];
  /** Shared rate-limit counters (two apps on one Redis act as two servers). */
  redis?: Redis;
  /** Share documents through this Redis (the health route reports the link). */
  redisUrl?: string;
  /** An open, migrated database to use instead of a fresh PGlite (two apps on one act as two servers). */
  database?: Database;
  /** Schedule ticks from a real pg-boss (createPgBossTicks); default: recorded in `ticks`, none fire. */
  scheduleTicks?: ScheduleTicks;
  /** Where run jobs go (a real pg-boss, a failing queue); default: collected in `jobs`. */
  enqueue?: (job: RunJob, options?: { id: string }) => Promise<void>;
  /** Wraps the database's Sql as the server uses it (tests slow a query down through this). */
  decorateSql?: (sql: Sql) => Sql;
  /** The server's clock; default `Date.now` (a test moves it on to pass a time limit without waiting). */
  now?: () => number;
}

export interface TestApp {
  app: App;
  database: Database;
  sync: Hocuspocus<SyncContext>;
  security: Security;
  /** Prometheus metrics fed by the document store, and the status /metrics and the health route read. */
  metrics: ServerMetrics;
  systemStatus(): Promise<SystemStatus>;
  /** Run jobs the API enqueued (no runner consumes them here). */
  jobs: RunJob[];
  /** The schedules pg-boss would hold ticks for (id → cron and time zone); no ticks fire here. */
  ticks: Map<string, { cron: string; timezone: string }>;
  /** The schedule service: `fire` stands in for a tick. */
  schedules: ScheduleService;
  /** A request without a session, as a browser on the same origin would send it. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Signs up over the API; the first account owns `default`, later ones need an invite (or open sign-up). */
  signUp(input?: {
    name?: string;
    email?: string;
    password?: string;
    inviteToken?: string;
  }): Promise<TestClient>;
  /** Signs in over the API (a new session for an existing account). */
  signIn(email: string, password: string): Promise<TestClient>;
  /** Signs up someone invited by `owner` to `workspaceId` with `role`. */
  member(owner: TestClient, role: 'owner' | 'editor' | 'viewer', workspaceId?: string): Promise<TestClient>;
  /** The first account (owner of `default`) plus an editor and a viewer it invited. */
  team(): Promise<{ owner: TestClient; editor: TestClient; viewer: TestClient }>;
  /** Creates a workflow in `workspaceId` from the first template, as `client`; returns its id. */
  workflow(client: TestClient, workspaceId?: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** For `beforeAll`: opening PGlite takes a few seconds, more on a busy machine than the 10 s default allows. */
export const TEST_APP_TIMEOUT_MS = 60_000;

/**
 * The HTTP app over the server's real services on an in-memory PGlite database, called with
 * `app.request()` — no socket, no port. composeServer builds it as it does for startServer; only the run
 * queue is replaced (jobs are collected in `jobs`). One per test file: see useTestApp.ts.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logger = createLogger({ level: 'silent', pretty: false });
  const now = options.now ?? Date.now;
  const opened = options.database ?? (await openTestDatabase());
  const database = options.decorateSql ? { ...opened, sql: options.decorateSql(opened.sql) } : opened;
  await createWorkspacesRepo(database.sql).ensure({ id: 'default', name: 'Default workspace' });
  const unlimited = { attempts: 100_000, perSeconds: 1 };
  const jobs: RunJob[] = [];
  const ticks = new Map<string, { cron: string; timezone: string }>();
  const scheduleTicks: ScheduleTicks = {
    put: async ({ id, cron, timezone }) => {
      ticks.set(id, { cron, timezone });
    },
    remove: async (id) => {
      ticks.delete(id);
    },
    keys: async () => [...ticks.keys()],
  };
  const { security, metrics, persistence, sync, redis, systemStatus, app, tools, schedules } =
    await composeServer({
      database,
      secret: randomBytes(32),
      masterKeys: { currentId: 'test', keys: new Map([['test', new Uint8Array(randomBytes(32))]]) },
      addressPolicy: options.addressPolicy ?? DEFAULT_ADDRESS_POLICY,
      lookup: options.lookup,
      openSignup: false,
      cookies: { secure: 'auto', trustProxy: false },
      allowedOrigins: [],
      syncTokenTtlMs: 60_000,
      rateLimits: options.rateLimits ?? { signIn: unlimited, signUp: unlimited },
      redis: options.redis,
      maxDocumentBytes: 8 * 1024 * 1024,
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
      enqueue:
        options.enqueue ??
        (async (job) => {
          jobs.push(job);
        }),
      notifyCancel: async () => undefined,
      scheduleTicks: options.scheduleTicks ?? scheduleTicks,
      stdioServers: [],
      logger,
      now,
      version: 'test',
    });

  const request = (path: string, init?: RequestInit) => requestAs(app, null, path, init);

  async function signedIn(response: Response, password: string, expected: number): Promise<TestClient> {
    if (response.status !== expected)
      throw new Error(`sign-in: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { user: { id: string; name: string; email: string } };
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('synapse_session='));
    if (!cookie) throw new Error('no session cookie in the response');
    const session = cookie.split(';')[0] as string;
    return {
      ...body.user,
      password,
      cookie: session,
      request: (path, init) => requestAs(app, session, path, init),
    };
  }

  async function signUp(input: Parameters<TestApp['signUp']>[0] = {}): Promise<TestClient> {
    counter += 1;
    const name = input.name ?? `User ${counter}`;
    const email = input.email ?? `user${counter}-${randomBytes(3).toString('hex')}@example.test`;
    const password = input.password ?? 'correct horse battery staple';
    const response = await request('/api/auth/signup', {
      body: { name, email, password, ...(input.inviteToken ? { inviteToken: input.inviteToken } : {}) },
    });
    return signedIn(response, password, 201);
  }

  async function member(owner: TestClient, role: 'owner' | 'editor' | 'viewer', workspaceId = 'default') {
    const response = await owner.request(`/api/workspaces/${workspaceId}/invites`, { body: { role } });
    if (response.status !== 201) throw new Error(`invite: HTTP ${response.status} ${await response.text()}`);
    return signUp({ inviteToken: ((await response.json()) as { token: string }).token });
  }

  return {
    app,
    database,
    sync,
    security,
    metrics,
    systemStatus,
    jobs,
    ticks,
    schedules,
    request,
    signUp,
    async signIn(email, password) {
      return signedIn(await request('/api/auth/login', { body: { email, password } }), password, 200);
    },
    member,
    async team() {
      const owner = await signUp();
      return { owner, editor: await member(owner, 'editor'), viewer: await member(owner, 'viewer') };
    },
    async workflow(client, workspaceId = 'default') {
      const template = WORKFLOW_TEMPLATES[0]?.id;
      const response = await client.request(`/api/workspaces/${workspaceId}/templates/${template}/use`, {
        body: {},
      });
      if (response.status !== 201)
        throw new Error(`workflow: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { workflowId: string }).workflowId;
    },
    async close() {
      sync.closeConnections();
      sync.flushPendingStores();
      await persistence.drained();
      await redis?.close();
      await tools.close();
      await security.stop();
      if (!options.database) await opened.close();
    },
  };
}
