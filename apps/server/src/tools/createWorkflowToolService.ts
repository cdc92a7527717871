import type { Hocuspocus } from '@hocuspocus/server';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type ApiTokenInfo,
  type ApiTokenScope,
  createApiTokensRepo,
  createPublishedWorkflowsRepo,
  type PublishedWorkflow,
  type Sql,
} from '@synapse/db';
import {
  type AuditKind,
  ErrorCodes,
  type InputVariable,
  isTerminalRunStatus,
  readRun,
  readRunOutputs,
  runDocName,
  syncCloseEvent,
  workflowDocName,
} from '@synapse/schema';
import { z } from 'zod';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { authorize, type MembershipLookup } from '../auth/authorize';
import { API_TOKEN_REVOKED_CHANNEL, type ApiTokenAuth } from '../auth/createApiTokenAuth';
import { actorOf, type Principal, type TokenPrincipal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { RunService } from '../runs/createRunService';
import { closeSyncConnections } from '../sync/closeSyncConnections';
import type { SyncContext } from '../sync/SyncContext';
import { readToolInputs } from './readToolInputs';

export interface WorkflowToolService {
  publish(
    actor: Principal,
    workspaceId: string,
    workflowId: string,
    input: { toolName: string; description?: string },
  ): Promise<PublishedWorkflow>;
  unpublish(actor: Principal, workspaceId: string, workflowId: string): Promise<void>;
  listPublished(workspaceId: string): Promise<PublishedWorkflow[]>;
  createToken(
    actor: Principal,
    workspaceId: string,
    token: { name: string; scope: ApiTokenScope },
  ): Promise<{ info: ApiTokenInfo; token: string }>;
  listTokens(workspaceId: string): Promise<ApiTokenInfo[]>;
  revokeToken(actor: Principal, workspaceId: string, id: string): Promise<void>;
  /**
   * The live token's principal for this workspace, or null (unknown, revoked, another workspace's, or its
   * creator no longer a member): the same check as the /api routes (`ApiTokenAuth`).
   */
  authenticate(workspaceId: string, bearer: string | undefined): Promise<TokenPrincipal | null>;
  /**
   * An MCP server listing the workspace's published workflows as tools; calling one runs it, if the token
   * may start runs (its scope and its creator's role at the time of the call).
   */
  buildServer(workspaceId: string, token: TokenPrincipal, signal?: AbortSignal): Promise<McpServer>;
}

const RUN_POLL_MS = 100;
const RUN_WAIT_MS = 10 * 60_000;

/** A zod shape from the workflow's Input-node variables: what the tool's input schema says. */
function inputShape(inputs: InputVariable[]): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const variable of inputs) {
    const base =
      variable.type === 'number' ? z.number() : variable.type === 'boolean' ? z.boolean() : z.string();
    shape[variable.name] = (variable.default === '' ? base : base.optional()).describe(
      `${variable.type} input${variable.default ? ` (default ${JSON.stringify(variable.default)})` : ''}`,
    );
  }
  return shape;
}

/**
 * Workflows as MCP tools: owners publish workflows and create/revoke workspace API tokens; the MCP
 * endpoint lists published workflows with input schemas from their Input nodes, and a call starts a
 * run (as the token's creator), waits for it and returns its Output nodes' text. Listing reads rows
 * only: a published row carries its workflow's inputs, captured at publish and kept current by
 * `createPublishedInputsRefresh` whenever the document is stored.
 */
export function createWorkflowToolService(options: {
  sql: Sql;
  sync: Hocuspocus;
  runs: RunService;
  audit: AuditRecorder;
  tokenAuth: Pick<ApiTokenAuth, 'authenticateBearer'>;
  members: MembershipLookup;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): WorkflowToolService {
  const tokens = createApiTokensRepo(options.sql);
  const published = createPublishedWorkflowsRepo(options.sql);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const audit = (
    actor: Principal,
    workspaceId: string,
    kind: AuditKind,
    target: string,
    details: Record<string, unknown> = {},
  ) => options.audit.record({ workspaceId, actor, kind, target, details });

  async function readDoc<T>(
    name: string,
    principal: Principal,
    read: (doc: import('yjs').Doc) => T,
  ): Promise<T> {
    const connection = await options.sync.openDirectConnection(name, { principal });
    try {
      if (!connection.document) throw new Error(`${name} did not open`);
      return read(connection.document);
    } finally {
      await connection.disconnect();
    }
  }

  /** Rows published before inputs were stored: read the document once and keep its inputs. */
  async function captureInputs(workspaceId: string, workflowId: string, principal: Principal) {
    try {
      const inputs = await readDoc(workflowDocName(workspaceId, workflowId), principal, readToolInputs);
      await published.setInputs(workspaceId, workflowId, inputs);
      return inputs;
    } catch {
      return null;
    }
  }

  async function runWorkflow(
    workspaceId: string,
    entry: PublishedWorkflow,
    principal: TokenPrincipal,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ) {
    const inputs: Record<string, string> = {};
    for (const [key, value] of Object.entries(args)) if (value !== undefined) inputs[key] = String(value);
    const { run } = await options.runs.start({
      principal,
      workspaceId,
      workflowId: entry.workflowId,
      inputs,
      trigger: 'mcp',
    });
    const deadline = now() + RUN_WAIT_MS;
    let row: { status: typeof run.status; error?: string | null } = run;
    while (!isTerminalRunStatus(row.status)) {
      if (signal?.aborted) {
        await options.runs.cancel({ principal, workspaceId, runId: run.id }).catch(() => undefined);
        throw new Error('cancelled');
      }
      if (now() > deadline) throw new Error(`run ${run.id} did not finish in time`);
      await sleep(RUN_POLL_MS);
      row = await options.runs.get(workspaceId, run.id);
    }
    const outputs = await readDoc(runDocName(workspaceId, run.id), principal, (doc) =>
      readRunOutputs(readRun(doc)),
    );
    // The runner ends the row (with its error) before the run document, so the error is the row's; node
    // outputs are in the document by then.
    return { runId: run.id, status: row.status, error: row.error ?? null, outputs };
  }

  return {
    async publish(actor, workspaceId, workflowId, input) {
      const inputs = await readDoc(workflowDocName(workspaceId, workflowId), actor, readToolInputs);
      const entry = await published
        .publish({
          workspaceId,
          workflowId,
          toolName: input.toolName,
          description: input.description?.trim() || `Runs the Synapse workflow ${workflowId}.`,
          publishedBy: actorOf(actor).id,
          publishedAt: now(),
          inputs,
        })
        .catch((error: Error) => {
          throw new HttpError(
            409,
            ErrorCodes.conflict,
            `tool name ${input.toolName} is taken: ${error.message}`,
          );
        });
      await audit(actor, workspaceId, 'workflow.published', workflowId, { toolName: input.toolName });
      return entry;
    },
    async unpublish(actor, workspaceId, workflowId) {
      if (!(await published.unpublish(workspaceId, workflowId))) {
        throw new HttpError(404, ErrorCodes.notFound, 'this workflow is not published');
      }
      await audit(actor, workspaceId, 'workflow.unpublished', workflowId);
    },
    listPublished: (workspaceId) => published.list(workspaceId),
    async createToken(actor, workspaceId, { name, scope }) {
      const created = await tokens.create({
        workspaceId,
        name,
        scope,
        createdBy: actorOf(actor).id,
        now: now(),
      });
      await audit(actor, workspaceId, 'api_token.created', created.info.id, {
        name: created.info.name,
        hint: created.info.hint,
        scope: created.info.scope,
      });
      return created;
    },
    listTokens: (workspaceId) => tokens.list(workspaceId),
    async revokeToken(actor, workspaceId, id) {
      const info = await tokens.revoke(workspaceId, id, now());
      if (!info) throw new HttpError(404, ErrorCodes.notFound, 'no such API token in this workspace');
      // Scripts' sync connections opened with a token derived from this one end with it.
      closeSyncConnections(
        options.sync as Hocuspocus<SyncContext>,
        (context) => context.principal.kind === 'token' && context.principal.tokenId === id,
        syncCloseEvent('revoked', { message: 'the API token was revoked' }),
      );
      await options.sql.notify(API_TOKEN_REVOKED_CHANNEL, id);
      await audit(actor, workspaceId, 'api_token.revoked', id, { name: info.name, hint: info.hint });
    },
    async authenticate(workspaceId, bearer) {
      const principal = await options.tokenAuth.authenticateBearer(bearer);
      if (!principal || principal.workspaceId !== workspaceId) return null;
      const access = authorize(
        principal,
        { kind: 'workspace', workspaceId, action: 'read' },
        options.members,
      );
      return access === 'none' ? null : principal;
    },
    async buildServer(workspaceId, principal) {
      // The MCP SDK loads on the endpoint's first request, not with the server (issue #18).
      const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
      const server = new McpServer({ name: `synapse-${workspaceId}`, version: '1.0.0' });
      for (const entry of await published.list(workspaceId)) {
        const inputs = entry.inputs ?? (await captureInputs(workspaceId, entry.workflowId, principal));
        if (!inputs) continue;
        server.registerTool(
          entry.toolName,
          { description: entry.description, inputSchema: inputShape(inputs) },
          async (args, extra) => {
            // Checked at the call, not at connect: a creator demoted meanwhile starts nothing.
            const may = authorize(
              principal,
              { kind: 'workspace', workspaceId, action: 'write' },
              options.members,
            );
            if (may !== 'write') {
              return {
                content: [
                  {
                    type: 'text' as const,
                    text: 'this API token may not start runs (read scope, or its creator is a viewer)',
                  },
                ],
                isError: true,
              };
            }
            const result = await runWorkflow(
              workspaceId,
              entry,
              principal,
              args as Record<string, unknown>,
              extra.signal,
            );
            const text = Object.entries(result.outputs)
              .map(([label, output]) =>
                Object.keys(result.outputs).length > 1 ? `${label}:\n${output}` : output,
              )
              .join('\n\n');
            return {
              content: [
                {
                  type: 'text' as const,
                  text: result.status === 'succeeded' ? text : `run ${result.status}: ${result.error ?? ''}`,
                },
              ],
              structuredContent: result,
              ...(result.status === 'succeeded' ? {} : { isError: true }),
            };
          },
        );
      }
      return server;
    },
  };
}
