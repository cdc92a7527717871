import { createRoute, z } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import {
  ApiRunSchema,
  ApiStartRunBodySchema,
  ApiSyncTokenSchema,
  ErrorBodySchema,
  RunEventSchemas,
  WaitSchema,
} from '@synapse/schema/api';
import { streamSSE } from 'hono/streaming';
import { apiWorkspaceOf } from '../apiWorkspaceOf';
import type { App, AppDeps } from '../createApp';
import { HttpError } from '../HttpError';
import { errorResponse, errorResponses, Id } from '../schemas';

/** The longest `?wait=`: past it a client should stream or poll instead of holding a request open. */
export const MAX_WAIT_MS = 5 * 60_000;
const API_V1 = '/api/v1/';
const security = [{ apiToken: [] }];
const workspaceQuery = Id.optional().openapi({
  description: 'Signed-in sessions only: the workspace to act in (an API token acts in its own)',
});

/** `30s`, `1500ms` or `30` (seconds) → milliseconds, at most MAX_WAIT_MS. */
export function parseWait(text: string): number {
  const match = /^(\d+)(ms|s)?$/.exec(text);
  const n = Number(match?.[1] ?? 0);
  return Math.min(match?.[2] === 'ms' ? n : n * 1000, MAX_WAIT_MS);
}

const unprocessable = {
  422: errorResponse('Unknown or missing inputs, or a graph that cannot run'),
  409: errorResponse(
    'The Idempotency-Key is still starting its run, or the workflow has no published version',
  ),
};

const startRun = createRoute({
  method: 'post',
  path: '/api/v1/workflows/{workflowId}/runs',
  summary: 'Start a run; answer at once, wait for its outputs, or stream its events',
  description: [
    'Three ways to get the result:',
    '- default: `202` with the run id at once;',
    '- `?wait=30s`: `200` with the outputs when the run finishes within the wait, else `202` (poll `GET /api/v1/runs/{runId}`);',
    '- `Accept: text/event-stream`: Server-Sent Events, one `event:` per change with JSON `data:` —',
    `  ${Object.keys(RunEventSchemas)
      .map((e) => `\`${e}\``)
      .join(', ')}; \`run.finished\` (an ApiRun with outputs) is last.`,
    'An `Idempotency-Key` header makes retries safe: the same key from the same token within 24 hours answers with the same run (`Idempotency-Replayed: true`).',
  ].join('\n'),
  security,
  request: {
    params: z.object({ workflowId: Id }),
    query: z.object({ wait: WaitSchema.optional(), workspaceId: workspaceQuery }),
    headers: z.object({
      'idempotency-key': z.string().min(1).max(255).optional().openapi({ description: 'Retry-safe start' }),
    }),
    body: { required: false, content: { 'application/json': { schema: ApiStartRunBodySchema } } },
  },
  responses: {
    200: {
      description: 'Finished within `wait` (JSON), or the event stream (`Accept: text/event-stream`)',
      content: {
        'application/json': { schema: ApiRunSchema },
        'text/event-stream': {
          schema: z.string().openapi({ description: 'SSE: `event: <name>` and `data: <JSON>` per event' }),
        },
      },
    },
    202: {
      description: 'Started (or still running after `wait`)',
      content: { 'application/json': { schema: ApiRunSchema } },
    },
    ...errorResponses,
    ...unprocessable,
  },
});

const getRun = createRoute({
  method: 'get',
  path: '/api/v1/runs/{runId}',
  summary: "A run's status, and its outputs once finished",
  security,
  request: { params: z.object({ runId: Id }), query: z.object({ workspaceId: workspaceQuery }) },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: ApiRunSchema } } },
    ...errorResponses,
  },
});

const cancelRun = createRoute({
  method: 'post',
  path: '/api/v1/runs/{runId}/cancel',
  summary: 'Cancel a queued or running run',
  security,
  request: { params: z.object({ runId: Id }), query: z.object({ workspaceId: workspaceQuery }) },
  responses: {
    200: {
      description: 'Cancelling or cancelled',
      content: { 'application/json': { schema: ApiRunSchema } },
    },
    ...errorResponses,
    409: {
      description: 'The run already finished',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

const syncToken = createRoute({
  method: 'post',
  path: '/api/v1/sync-token',
  summary: "A short-lived token for a script's Hocuspocus connection, bounded by the API token",
  description:
    "Pass it as a `HocuspocusProvider`'s `token`. It opens the token's workspace documents with the token's effective role: a `read` token (or a viewer's) is read-only. Revoking the API token, or its creator leaving, ends it.",
  security,
  responses: {
    200: { description: 'A sync token', content: { 'application/json': { schema: ApiSyncTokenSchema } } },
    ...errorResponses,
  },
});

/**
 * The versioned run API for scripts (/api/v1), authenticated by workspace API tokens (`Authorization:
 * Bearer syn_…`, resolved to a token principal before the access rules run) or a session. Its own OpenAPI
 * document is the /api/v1 part of the app's.
 */
export function registerRunApiRoutes(
  app: App,
  deps: Pick<AppDeps, 'runApi' | 'apiTokens' | 'version'>,
): void {
  const { runApi } = deps;
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A workspace API token (`syn_…`), created by an owner in Settings → API tokens',
  });

  app.openapi(startRun, async (c) => {
    const principal = c.get('principal');
    const workspaceId = apiWorkspaceOf(c);
    const { workflowId } = c.req.valid('param');
    const { wait } = c.req.valid('query');
    const body = c.req.header('content-type')?.includes('application/json')
      ? c.req.valid('json')
      : { inputs: {}, version: undefined };
    const { run, replayed } = await runApi.start({
      principal,
      workspaceId,
      workflowId,
      inputs: body.inputs,
      version: body.version,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    if (replayed) c.header('idempotency-replayed', 'true');
    c.header('location', `/api/v1/runs/${run.runId}`);
    if ((c.req.header('accept') ?? '').includes('text/event-stream')) {
      return streamSSE(c, async (stream) => {
        const abort = new AbortController();
        stream.onAbort(() => abort.abort());
        const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
        await send('run.started', { runId: run.runId, workflowId: run.workflowId, versionId: run.versionId });
        // A comment line now and then keeps proxies from closing a quiet stream (a model thinking).
        const keepAlive = setInterval(() => void stream.write(': ping\n\n').catch(() => undefined), 15_000);
        try {
          await runApi.watch(principal, workspaceId, run.runId, (e) => send(e.event, e.data), abort.signal);
        } finally {
          clearInterval(keepAlive);
        }
      }) as never;
    }
    if (wait) {
      // A replayed key waits too: retrying after a dropped connection is what the key is for.
      if (run.outputs) return c.json(run, 200);
      const finished = await runApi.waitFor(
        principal,
        workspaceId,
        run.runId,
        parseWait(wait),
        c.req.raw.signal,
      );
      if (finished) return c.json(await runApi.get(principal, workspaceId, run.runId), 200);
    }
    return c.json(run, 202);
  });

  app.openapi(getRun, async (c) =>
    c.json(await runApi.get(c.get('principal'), apiWorkspaceOf(c), c.req.valid('param').runId), 200),
  );

  app.openapi(cancelRun, async (c) =>
    c.json(await runApi.cancel(c.get('principal'), apiWorkspaceOf(c), c.req.valid('param').runId), 200),
  );

  app.openapi(syncToken, async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'token')
      throw new HttpError(
        400,
        ErrorCodes.invalidRequest,
        'authenticate with a workspace API token; signed-in sessions use POST /api/sync-token',
      );
    const issued = await deps.apiTokens.issueSyncToken(principal);
    if (issued.access === 'none')
      throw new HttpError(403, ErrorCodes.forbidden, 'this API token has no access to its workspace');
    return c.json(
      {
        token: issued.token,
        expiresAt: issued.expiresAt,
        workspaceId: principal.workspaceId,
        access: issued.access,
      },
      200,
    );
  });

  app.get('/api/v1/openapi.json', (c) => {
    const doc = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Synapse run API',
        version: deps.version,
        description: 'Run workflows from scripts with a workspace API token. Guide: docs/run-api.md.',
      },
      security,
    });
    doc.paths = Object.fromEntries(
      Object.entries(doc.paths ?? {}).filter(([path]) => path.startsWith(API_V1)),
    );
    return c.json(doc);
  });
}
