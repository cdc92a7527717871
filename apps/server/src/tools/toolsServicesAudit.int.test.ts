import { Hocuspocus } from '@hocuspocus/server';
import {
  type AuditLog,
  addMasterKey,
  createAuditLog,
  createProviderKeyStore,
  createWorkspacesRepo,
  type Database,
  migrate,
  openDatabase,
} from '@synapse/db';
import { createToolsRuntime } from '@synapse/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditRecorder } from '../audit/createAuditRecorder';
import type { Principal } from '../auth/Principal';
import { createLogger } from '../logger';
import type { RunService } from '../runs/createRunService';
import { createMcpServerService } from './createMcpServerService';
import { createMemoryService } from './createMemoryService';
import { createWorkflowToolService } from './createWorkflowToolService';

const WS = 'ws1';
const ALICE: Principal = { kind: 'user', id: 'alice', name: 'Alice' };
const STDIO = { id: 'everything', label: 'Everything', command: 'node', args: [] };

// The tools services record through the one audit recorder: the same kinds as before, and a failed
// audit write is logged instead of failing an action that was already done.
describe('tools services audit (PGlite)', () => {
  let database: Database;
  let log: AuditLog;
  let logLines: { kind?: string; msg: string }[];
  let failWrites: boolean;

  beforeEach(async () => {
    database = await openDatabase({});
    await migrate(database.sql);
    await createWorkspacesRepo(database.sql).ensure({ id: WS, name: 'One' });
    log = createAuditLog(database.sql);
    logLines = [];
    failWrites = false;
  });
  afterEach(async () => {
    await database.close();
  });

  function services() {
    const sql = database.sql;
    const logger = createLogger({
      level: 'error',
      pretty: false,
      destination: { write: (line: string) => void logLines.push(JSON.parse(line)) },
    });
    const writer: Pick<AuditLog, 'record'> = {
      record: (event) =>
        failWrites ? Promise.reject(new Error('audit table unavailable')) : log.record(event),
    };
    const audit = createAuditRecorder(writer, logger);
    const keyStore = createProviderKeyStore(sql, { masterKeys: addMasterKey(null) });
    const toolsOptions = {
      sql,
      keyStore,
      stdioServers: [STDIO],
      addressPolicy: { allowPrivate: false, allow: [] },
    };
    return {
      memory: createMemoryService({ sql, audit }),
      mcpServers: createMcpServerService({
        ...toolsOptions,
        audit,
        runtime: createToolsRuntime(toolsOptions),
      }),
      // Publishing and tokens never open a document or start a run.
      workflowTools: createWorkflowToolService({
        sql,
        sync: new Hocuspocus({ quiet: true }),
        runs: {} as RunService,
        audit,
        tokenAuth: { authenticateBearer: async () => null },
        members: { roleOf: () => null },
      }),
    };
  }

  async function everyAction() {
    const { memory, mcpServers, workflowTools } = services();
    const entry = await memory.add(ALICE, WS, 'The launch is in Lisbon.');
    await memory.update(ALICE, WS, entry.id, 'The launch is in Porto.');
    await memory.remove(ALICE, WS, entry.id);
    const server = await mcpServers.add(ALICE, WS, { transport: 'stdio', entry: STDIO.id });
    await mcpServers.remove(ALICE, WS, server.id);
    await workflowTools.publish(ALICE, WS, 'wf1', { toolName: 'summarize' });
    await workflowTools.unpublish(ALICE, WS, 'wf1');
    const token = await workflowTools.createToken(ALICE, WS, { name: 'ci', scope: 'read' });
    await workflowTools.revokeToken(ALICE, WS, token.info.id);
    return { memory, mcpServers, workflowTools, entry, server, token };
  }

  it('records each action with its kind and actor', async () => {
    const { entry, server, token } = await everyAction();
    const events = (await log.query({ workspaceId: WS })).reverse();
    expect(events.map((e) => [e.kind, e.target, e.actorId, e.actorName])).toEqual([
      ['memory.created', entry.id, 'alice', 'Alice'],
      ['memory.updated', entry.id, 'alice', 'Alice'],
      ['memory.deleted', entry.id, 'alice', 'Alice'],
      ['mcp_server.created', server.id, 'alice', 'Alice'],
      ['mcp_server.deleted', server.id, 'alice', 'Alice'],
      ['workflow.published', 'wf1', 'alice', 'Alice'],
      ['workflow.unpublished', 'wf1', 'alice', 'Alice'],
      ['api_token.created', token.info.id, 'alice', 'Alice'],
      ['api_token.revoked', token.info.id, 'alice', 'Alice'],
    ]);
    expect(events[3]?.details).toEqual({ transport: 'stdio', entry: STDIO.id });
    expect(events[7]?.details).toEqual({ name: 'ci', hint: token.info.hint, scope: 'read' });
    expect(events[8]?.details).toEqual({ name: 'ci', hint: token.info.hint });
    expect(logLines).toEqual([]);
  });

  it('completes every action when the audit write fails, and logs each failure', async () => {
    failWrites = true;
    const { memory, mcpServers, workflowTools } = await everyAction();
    // The actions happened: the second entry and server are there, the token is revoked.
    await memory.add(ALICE, WS, 'Kept despite the audit failure.');
    expect((await memory.list(WS, {})).map((e) => e.content)).toEqual(['Kept despite the audit failure.']);
    expect((await mcpServers.list(WS)).servers).toEqual([]);
    expect(await workflowTools.listPublished(WS)).toEqual([]);
    expect((await workflowTools.listTokens(WS))[0]?.revokedAt).not.toBeNull();
    expect(await log.query({ workspaceId: WS })).toEqual([]);
    expect(logLines.map((l) => [l.msg, l.kind])).toEqual(
      [
        'memory.created',
        'memory.updated',
        'memory.deleted',
        'mcp_server.created',
        'mcp_server.deleted',
        'workflow.published',
        'workflow.unpublished',
        'api_token.created',
        'api_token.revoked',
        'memory.created',
      ].map((kind) => ['audit write failed', kind]),
    );
  });
});
