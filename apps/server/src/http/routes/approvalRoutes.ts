import { createRoute, z } from '@hono/zod-openapi';
import { ApprovalDecisionBodySchema, ApprovalDecisionSchema } from '@synapse/schema/api';
import { apiWorkspaceOf } from '../apiWorkspaceOf';
import type { App, AppDeps } from '../createApp';
import { requireAccess } from '../requireAccess';
import { errorResponse, errorResponses, Id } from '../schemas';

const NodeKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const outcomes = {
  200: {
    description: 'Decided (the waiting run is queued again)',
    content: { 'application/json': { schema: ApprovalDecisionSchema } },
  },
  ...errorResponses,
  404: errorResponse('No such run or approval node, or the node is not waiting for a decision'),
  409: errorResponse('Someone (or the timeout) decided first'),
};

const decide = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/runs/{runId}/approvals/{nodeKey}',
  summary: "Approve, edit or reject a waiting Human approval node's request",
  request: {
    params: z.object({ workspaceId: Id, runId: Id, nodeKey: NodeKey }),
    body: { required: true, content: { 'application/json': { schema: ApprovalDecisionBodySchema } } },
  },
  responses: outcomes,
});

const decideApi = createRoute({
  method: 'post',
  path: '/api/v1/runs/{runId}/approvals/{nodeKey}',
  summary: "Approve, edit or reject a waiting Human approval node's request (an API token with run scope)",
  security: [{ apiToken: [] }],
  request: {
    params: z.object({ runId: Id, nodeKey: NodeKey }),
    query: z.object({ workspaceId: Id.optional() }),
    body: { required: true, content: { 'application/json': { schema: ApprovalDecisionBodySchema } } },
  },
  responses: outcomes,
});

/** Human approval decisions (ADR 0023): an editor's act, from a session or a run-scoped API token. */
export function registerApprovalRoutes(app: App, deps: Pick<AppDeps, 'approvals' | 'members'>): void {
  app.openapi(decide, async (c) => {
    const { workspaceId, runId, nodeKey } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'write' }, 'write');
    const principal = c.get('principal');
    const body = c.req.valid('json');
    return c.json(await deps.approvals.decide({ principal, workspaceId, runId, nodeKey, body }), 200);
  });

  app.openapi(decideApi, async (c) => {
    const { runId, nodeKey } = c.req.valid('param');
    const principal = c.get('principal');
    const body = c.req.valid('json');
    return c.json(
      await deps.approvals.decide({ principal, workspaceId: apiWorkspaceOf(c), runId, nodeKey, body }),
      200,
    );
  });
}
