import { OpenAPIHono } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { MembershipLookup } from '../auth/authorize';
import type { ApiTokenAuth } from '../auth/createApiTokenAuth';
import type { Principal } from '../auth/Principal';
import type { HistoryDeps } from '../history/HistoryDeps';
import type { Logger } from '../logger';
import { registerSystemHealthRoutes } from '../metrics/systemHealthRoutes';
import type { ApprovalService } from '../runs/createApprovalService';
import type { RunApi } from '../runs/createRunApi';
import type { RunService } from '../runs/createRunService';
import type { ScheduleService } from '../schedules/createScheduleService';
import type { ToolsDeps } from '../tools/ToolsDeps';
import type { VersionService } from '../versions/createVersionService';
import { HOOKS_PATH, type WebhookService } from '../webhooks/createWebhookService';
import { limitBody, requireJsonBody } from './bodyGuards';
import { csrfGuard } from './csrfGuard';
import { enforceRouteAccess } from './enforceRouteAccess';
import { HttpError } from './HttpError';
import { hostGuard } from './hostGuard';
import { registerAnalyticsRoutes } from './routes/analyticsRoutes';
import { registerApprovalRoutes } from './routes/approvalRoutes';
import { registerAuditRoutes } from './routes/auditRoutes';
import { registerAuthRoutes } from './routes/authRoutes';
import { registerHealthRoutes } from './routes/healthRoutes';
import { registerHistoryRoutes } from './routes/historyRoutes';
import { registerInviteRoutes } from './routes/inviteRoutes';
import { registerKeyRoutes } from './routes/keyRoutes';
import { registerMcpEndpointRoutes } from './routes/mcpEndpointRoutes';
import { registerMcpServerRoutes } from './routes/mcpServerRoutes';
import { registerMemoryRoutes } from './routes/memoryRoutes';
import { registerProviderRoutes } from './routes/providerRoutes';
import { registerRunApiRoutes } from './routes/runApiRoutes';
import { registerRunRoutes } from './routes/runRoutes';
import { registerScheduleRoutes } from './routes/scheduleRoutes';
import { registerSecretRoutes } from './routes/secretRoutes';
import { registerSessionRoutes } from './routes/sessionRoutes';
import { registerSsoRoutes } from './routes/ssoRoutes';
import { registerTemplateRoutes } from './routes/templateRoutes';
import { registerTwoFactorRoutes } from './routes/twoFactorRoutes';
import { registerVersionRoutes } from './routes/versionRoutes';
import { registerWebhookRoutes } from './routes/webhookRoutes';
import { registerWorkspaceRoutes } from './routes/workspaceRoutes';
import type { SecurityDeps } from './SecurityDeps';
import { contentSecurityPolicyWithNonce, securityHeaders } from './securityHeaders';

/** Unauthenticated routes (sign-in, sign-up) read at most this much; everything else at most API_BODY_BYTES. */
const PUBLIC_BODY_BYTES = 64 * 1024;
const API_BODY_BYTES = 1024 * 1024;

export interface AppEnv {
  Variables: { principal: Principal; requestId: string; sessionId: string | null };
}

export interface AppDeps {
  members: MembershipLookup;
  /** Who the request is from: the session cookie's user, or anonymous. */
  resolveSession(c: Context): Promise<{ principal: Principal; sessionId: string | null }>;
  /** Records who did what to which workspace object; routes call `deps.audit.record(...)`. */
  audit: AuditRecorder;
  security: SecurityDeps;
  checkDatabase(): Promise<void>;
  /** The Redis link to the other servers, when there is one (reported by /api/health). */
  redisHealth?: () => { up: boolean; downSince: number | null; faults: number };
  runs: RunService;
  /** The versioned run API for scripts (/api/v1). */
  runApi: RunApi;
  /** Human approval decisions (ADR 0023). */
  approvals: ApprovalService;
  /** API tokens as principals; /api/v1/sync-token issues script sync tokens from them. */
  apiTokens: Pick<ApiTokenAuth, 'issueSyncToken'>;
  /** Webhook triggers ([triggers]); absent in route-only tests that do not need them. */
  webhooks?: WebhookService;
  /** Schedules ([triggers]); absent in route-only tests that do not need them. */
  schedules?: ScheduleService;
  /** Named versions of workflows (save, list, read one). */
  versions: VersionService;
  /** Workspace run history, analytics, templates and the system status behind /api/system/health. */
  history: HistoryDeps;
  logger: Logger;
  version: string;
  /** MCP servers, memory and the workspace MCP endpoint ([tools]); absent in route-only tests. */
  tools?: ToolsDeps;
  /**
   * Host names served besides IP literals and localhost (`SYNAPSE_ALLOWED_HOSTS`, the configured origins'
   * hosts, the bind host); `*` serves any. Absent: IP literals and localhost only.
   */
  allowedHosts?: readonly string[];
}

export type App = OpenAPIHono<AppEnv>;

/** The HTTP API: validated routes described with OpenAPI, one error shape, one error handler. */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        throw new HttpError(400, ErrorCodes.invalidRequest, `invalid request — ${issues.join('; ')}`);
      }
    },
  });

  app.use('*', securityHeaders());
  app.use(
    '*',
    hostGuard({ allowedHosts: deps.allowedHosts ?? [], trustProxy: deps.security.cookies.trustProxy }),
  );
  app.use('/api/auth/*', limitBody(PUBLIC_BODY_BYTES));
  app.use('/api/*', limitBody(API_BODY_BYTES), requireJsonBody({ formPrefixes: [HOOKS_PATH] }));

  app.use('/api/*', async (c, next) => {
    const requestId = c.req.header('x-request-id') ?? crypto.randomUUID();
    c.set('requestId', requestId);
    const { principal, sessionId } = await deps.resolveSession(c);
    c.set('principal', principal);
    c.set('sessionId', sessionId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    deps.logger.debug(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.use(
    '/api/*',
    csrfGuard({ allowedOrigins: deps.security.allowedOrigins, trustProxy: deps.security.cookies.trustProxy }),
  );
  app.use('/api/*', enforceRouteAccess(app, deps.members, deps.security.twoFactor));

  registerHealthRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerSsoRoutes(app, deps);
  registerTwoFactorRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerWorkspaceRoutes(app, deps);
  registerInviteRoutes(app, deps);
  registerKeyRoutes(app, deps);
  registerSecretRoutes(app, deps.security.secrets);
  registerProviderRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerRunApiRoutes(app, deps);
  registerApprovalRoutes(app, deps);
  registerVersionRoutes(app, deps);
  registerHistoryRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  if (deps.tools) {
    registerMcpServerRoutes(app, deps.tools);
    registerMemoryRoutes(app, deps.tools);
    registerMcpEndpointRoutes(app, deps.tools);
  }
  if (deps.webhooks) registerWebhookRoutes(app, deps.webhooks);
  if (deps.schedules) registerScheduleRoutes(app, deps.schedules);
  registerSystemHealthRoutes(app, { systemStatus: () => deps.history.systemStatus() });

  app.doc31('/api/openapi.json', { openapi: '3.1.0', info: { title: 'Synapse API', version: deps.version } });
  app.get('/api/docs', (c) => {
    const nonce = crypto.randomUUID().replaceAll('-', '');
    c.header('content-security-policy', contentSecurityPolicyWithNonce(nonce));
    return c.html(apiDocsPage(nonce));
  });
  app.all('/api/*', (c) => {
    throw new HttpError(404, ErrorCodes.notFound, `no route ${c.req.method} ${c.req.path}`);
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(error.toJSON(), error.status);
    // Hono's validator reports a body it cannot parse as an HTTPException(400), not a SyntaxError.
    if (error instanceof SyntaxError || (error instanceof HTTPException && error.status === 400)) {
      return c.json(
        new HttpError(400, ErrorCodes.invalidRequest, 'request body is not valid JSON').toJSON(),
        400,
      );
    }
    deps.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return c.json(new HttpError(500, ErrorCodes.internal, 'internal error').toJSON(), 500);
  });
  return app;
}

function apiDocsPage(nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Synapse API</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem}code{background:#8881;padding:0 .3em;border-radius:4px}li{margin:.6rem 0}</style>
</head><body><h1>Synapse API</h1><p>Machine-readable description: <a href="/api/openapi.json"><code>/api/openapi.json</code></a></p><ul id="routes"></ul>
<script nonce="${nonce}">fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const ul=document.getElementById('routes');
for(const [path,ops] of Object.entries(doc.paths))for(const [method,op] of Object.entries(ops)){const li=document.createElement('li');
li.innerHTML='<code>'+method.toUpperCase()+' '+path+'</code> — '+(op.summary||'');ul.appendChild(li)}})</script></body></html>`;
}
