/**
 * Who may call each API route. Every route registered under /api must have a rule here: the access
 * middleware refuses (500) a route without one, and the authorization matrix test walks the app's route
 * table, so a new route without a rule fails both. Paths are written as in OpenAPI (`{param}`).
 *
 * - `public`: anyone, signed in or not.
 * - `user`: any signed-in user.
 * - `workspace`: a member of the `{workspaceId}` in the path with at least this access: `read` (viewer),
 *   `write` (editor, owner), `admin` (owner).
 * - `install`: the install's administrators — the owners of the `default` workspace, which the first
 *   account owns. Install-wide figures (every workspace's runs) are theirs, not every account's.
 * - `api`: the versioned run API (/api/v1). Its paths name no workspace: an API token acts in its own,
 *   a signed-in session names one with `?workspaceId=` (see apiWorkspaceOf). Then as `workspace`.
 */
/** The workspace whose owners administer the install. */
export const INSTALL_WORKSPACE = 'default';

export type RouteRule =
  | { access: 'public' }
  | { access: 'user' }
  | { access: 'install' }
  | { access: 'workspace'; need: 'read' | 'write' | 'admin' }
  | { access: 'api'; need: 'read' | 'write' };

const PUBLIC: RouteRule = { access: 'public' };
const USER: RouteRule = { access: 'user' };
const INSTALL: RouteRule = { access: 'install' };
const READ: RouteRule = { access: 'workspace', need: 'read' };
const WRITE: RouteRule = { access: 'workspace', need: 'write' };
const ADMIN: RouteRule = { access: 'workspace', need: 'admin' };
const API_READ: RouteRule = { access: 'api', need: 'read' };
const API_WRITE: RouteRule = { access: 'api', need: 'write' };

export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  'GET /api/health': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/auth/setup': PUBLIC,
  'POST /api/auth/signup': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': USER,
  // Two-factor authentication (issue 17). The second sign-in step is public: the signed challenge from
  // the password step says whose code it is.
  'POST /api/auth/login/2fa': PUBLIC,
  'GET /api/me/2fa': USER,
  'POST /api/me/2fa/setup': USER,
  'POST /api/me/2fa/enable': USER,
  'POST /api/me/2fa/disable': USER,
  'GET /api/workspaces/{workspaceId}/two-factor': READ,
  'PUT /api/workspaces/{workspaceId}/two-factor': ADMIN,
  'GET /api/me': USER,
  'POST /api/sync-token': USER,
  'GET /api/workspaces': USER,
  'POST /api/workspaces': USER,
  'GET /api/invites/{token}': PUBLIC,
  'POST /api/invites/{token}/accept': USER,
  'GET /api/workspaces/{workspaceId}/members': READ,
  'PATCH /api/workspaces/{workspaceId}/members/{userId}': ADMIN,
  // Any member may leave; removing someone else is checked for ownership in the workspace service.
  'DELETE /api/workspaces/{workspaceId}/members/{userId}': READ,
  'GET /api/workspaces/{workspaceId}/invites': ADMIN,
  'POST /api/workspaces/{workspaceId}/invites': ADMIN,
  'DELETE /api/workspaces/{workspaceId}/invites/{inviteId}': ADMIN,
  'GET /api/workspaces/{workspaceId}/keys': READ,
  'GET /api/workspaces/{workspaceId}/providers': READ,
  'POST /api/workspaces/{workspaceId}/keys': WRITE,
  'DELETE /api/workspaces/{workspaceId}/keys/{keyId}': WRITE,
  'PATCH /api/workspaces/{workspaceId}/keys/{keyId}': WRITE,
  'POST /api/workspaces/{workspaceId}/keys/{keyId}/test': WRITE,
  // The workspace secrets vault ([triggers] issue 14, ADR 0019): like provider keys, editors and owners
  // write (they can already send any secret anywhere through an HTTP request node); every member may list
  // the names, and the service shows viewers nothing more than names and dates.
  'GET /api/workspaces/{workspaceId}/secrets': READ,
  'POST /api/workspaces/{workspaceId}/secrets': WRITE,
  'PUT /api/workspaces/{workspaceId}/secrets/{name}': WRITE,
  'DELETE /api/workspaces/{workspaceId}/secrets/{name}': WRITE,
  'GET /api/workspaces/{workspaceId}/audit': ADMIN,
  // Audit export and retention ([enterprise] issue 17): the whole log leaves with an export, so owners only.
  'GET /api/workspaces/{workspaceId}/audit/export': ADMIN,
  'GET /api/workspaces/{workspaceId}/audit/retention': ADMIN,
  'PUT /api/workspaces/{workspaceId}/audit/retention': ADMIN,
  'POST /api/workspaces/{workspaceId}/workflows/{workflowId}/runs': WRITE,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/runs': READ,
  'GET /api/workspaces/{workspaceId}/runs/{runId}': READ,
  'POST /api/workspaces/{workspaceId}/runs/{runId}/cancel': WRITE,
  'POST /api/workspaces/{workspaceId}/workflows/{workflowId}/versions': WRITE,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/versions': READ,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/versions/{versionId}': READ,
  'POST /api/workspaces/{workspaceId}/workflows/{workflowId}/versions/{versionId}/publish': WRITE,
  // Reads saved versions only (the graph in the body says which calls to follow).
  'POST /api/workspaces/{workspaceId}/workflows/{workflowId}/subworkflow-bundle': READ,
  // Run history, analytics and templates ([history]).
  'GET /api/workspaces/{workspaceId}/runs': READ,
  'GET /api/workspaces/{workspaceId}/analytics': READ,
  'GET /api/workspaces/{workspaceId}/analytics.csv': READ,
  // Memory bank usage ([polish] issue 16): counts and the start of the most read entries, which every
  // member can already read on the Memory page.
  'GET /api/workspaces/{workspaceId}/analytics/memory': READ,
  // Each workflow's last run for the list's cards ([polish] issue 16), whatever its age.
  'GET /api/workspaces/{workspaceId}/latest-runs': READ,
  'GET /api/templates': USER,
  'POST /api/workspaces/{workspaceId}/templates/{templateId}/use': WRITE,
  // MCP servers, memory bank and workspace API tokens ([tools]). Adding a server (a URL the runner will
  // call, a header stored encrypted) is an editor's act, like adding a provider key.
  'GET /api/workspaces/{workspaceId}/mcp-servers': READ,
  'POST /api/workspaces/{workspaceId}/mcp-servers': WRITE,
  'DELETE /api/workspaces/{workspaceId}/mcp-servers/{serverId}': WRITE,
  'GET /api/workspaces/{workspaceId}/mcp-servers/{serverId}/tools': READ,
  'GET /api/workspaces/{workspaceId}/memory': READ,
  'POST /api/workspaces/{workspaceId}/memory': WRITE,
  'PATCH /api/workspaces/{workspaceId}/memory/{entryId}': WRITE,
  'DELETE /api/workspaces/{workspaceId}/memory/{entryId}': WRITE,
  // API tokens act for the workspace without a session: only owners create, see and revoke them.
  'GET /api/workspaces/{workspaceId}/api-tokens': ADMIN,
  'POST /api/workspaces/{workspaceId}/api-tokens': ADMIN,
  'DELETE /api/workspaces/{workspaceId}/api-tokens/{tokenId}': ADMIN,
  'GET /api/workspaces/{workspaceId}/mcp-tools': READ,
  'PUT /api/workspaces/{workspaceId}/workflows/{workflowId}/mcp-tool': WRITE,
  'DELETE /api/workspaces/{workspaceId}/workflows/{workflowId}/mcp-tool': WRITE,
  // Install-wide counts (database, queue, runners, sync) with no workspace data: any signed-in user.
  'GET /api/system/health': INSTALL,
  // The Health page's live feed ([polish] issue 16): the same figures, so the same rule.
  'GET /api/system/health/stream': INSTALL,
  // Single sign-on ([enterprise]): the flow is public (the signed state cookie binds callback to start);
  // requiring SSO for a workspace is its owners' choice.
  'GET /api/auth/sso': PUBLIC,
  'GET /api/auth/sso/start': PUBLIC,
  'GET /api/auth/sso/callback': PUBLIC,
  'GET /api/workspaces/{workspaceId}/sso': READ,
  'PUT /api/workspaces/{workspaceId}/sso': ADMIN,
  // The run API ([run-api] issue 13), for API tokens: starting and cancelling runs is an editor's act.
  'GET /api/v1/openapi.json': PUBLIC,
  'POST /api/v1/workflows/{workflowId}/runs': API_WRITE,
  'GET /api/v1/runs/{runId}': API_READ,
  'POST /api/v1/runs/{runId}/cancel': API_WRITE,
  // Human approval decisions (ADR 0023): an editor's act; a token needs run scope.
  'POST /api/workspaces/{workspaceId}/runs/{runId}/approvals/{nodeKey}': WRITE,
  'POST /api/v1/runs/{runId}/approvals/{nodeKey}': API_WRITE,
  'POST /api/v1/sync-token': API_READ,
  // Webhook triggers ([triggers] issue 14): a webhook runs as its creator, so making one is an editor's
  // act; a delivery is public (the URL's token and the signature are its credentials).
  'POST /api/workspaces/{workspaceId}/workflows/{workflowId}/webhooks': WRITE,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/webhooks': READ,
  'DELETE /api/workspaces/{workspaceId}/workflows/{workflowId}/webhooks/{webhookId}': WRITE,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/webhooks/{webhookId}/deliveries': READ,
  'POST /api/hooks/{token}': PUBLIC,
  // Schedules ([triggers] issue 14): a schedule runs as its creator, so changing one is an editor's act;
  // members may see them and their firings.
  'POST /api/workspaces/{workspaceId}/workflows/{workflowId}/schedules': WRITE,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/schedules': READ,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/schedules/preview': READ,
  'PATCH /api/workspaces/{workspaceId}/workflows/{workflowId}/schedules/{scheduleId}': WRITE,
  'DELETE /api/workspaces/{workspaceId}/workflows/{workflowId}/schedules/{scheduleId}': WRITE,
  'GET /api/workspaces/{workspaceId}/workflows/{workflowId}/schedules/{scheduleId}/firings': READ,
};

export interface CompiledRule {
  method: string;
  /** The rule's path as Hono registers it (`:param`). */
  path: string;
  pattern: RegExp;
  rule: RouteRule;
}

/** `/api/a/{x}` and `/api/a/:x` → a regex over the request path with `workspaceId` as a named group. */
export function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^(?:\{(\w+)\}|:(\w+))$/.exec(segment);
      if (param) {
        const name = param[1] ?? param[2];
        return name === 'workspaceId' ? '(?<workspaceId>[^/]+)' : '[^/]+';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

export function toHonoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function compileRules(rules: Readonly<Record<string, RouteRule>> = ROUTE_RULES): CompiledRule[] {
  return Object.entries(rules).map(([key, rule]) => {
    const [method = '', path = ''] = key.split(' ');
    return { method, path: toHonoPath(path), pattern: pathPattern(path), rule };
  });
}
