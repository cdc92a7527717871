import { createRoute, z } from '@hono/zod-openapi';
import {
  CreatedInviteSchema,
  CreatedWorkspaceSchema,
  CreateInviteBodySchema,
  InviteInfoSchema,
  InviteSchema,
} from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { errorResponses, Id } from '../schemas';

const Token = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'not an invite token');

const listInvites = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/invites',
  summary: 'Open invite links (owners only; the links themselves are shown once, at creation)',
  request: { params: z.object({ workspaceId: Id }) },
  responses: {
    200: {
      description: 'Invites',
      content: { 'application/json': { schema: z.object({ invites: z.array(InviteSchema) }) } },
    },
    ...errorResponses,
  },
});

const createInvite = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/invites',
  summary: 'Create an invite link with a role (owners only)',
  request: {
    params: z.object({ workspaceId: Id }),
    body: {
      required: true,
      content: {
        'application/json': { schema: CreateInviteBodySchema },
      },
    },
  },
  responses: {
    201: {
      description: 'The invite, and its link (shown only now)',
      content: {
        'application/json': { schema: CreatedInviteSchema },
      },
    },
    ...errorResponses,
  },
});

const revokeInvite = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/invites/{inviteId}',
  summary: 'Revoke an open invite link (owners only)',
  request: { params: z.object({ workspaceId: Id, inviteId: Id }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

const inviteInfo = createRoute({
  method: 'get',
  path: '/api/invites/{token}',
  summary: 'What an invite link is for (workspace name and role), so the page can say it before sign-up',
  request: { params: z.object({ token: Token }) },
  responses: {
    200: {
      description: 'The invite',
      content: {
        'application/json': { schema: InviteInfoSchema },
      },
    },
    ...errorResponses,
  },
});

const acceptInvite = createRoute({
  method: 'post',
  path: '/api/invites/{token}/accept',
  summary: 'Join the workspace an invite link is for, as the signed-in user',
  request: { params: z.object({ token: Token }) },
  responses: {
    200: {
      description: 'Joined (or already a member)',
      content: { 'application/json': { schema: CreatedWorkspaceSchema } },
    },
    ...errorResponses,
  },
});

export function registerInviteRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  const { workspaces } = deps.security;

  app.openapi(listInvites, async (c) => {
    return c.json({ invites: await workspaces.listInvites(c.req.valid('param').workspaceId) }, 200);
  });

  app.openapi(createInvite, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const { role, expiresInHours } = c.req.valid('json');
    const { invite, token } = await workspaces.createInvite(
      c.get('principal'),
      workspaceId,
      role,
      expiresInHours,
    );
    return c.json({ invite, token, path: `/invite/${token}` }, 201);
  });

  app.openapi(revokeInvite, async (c) => {
    const { workspaceId, inviteId } = c.req.valid('param');
    await workspaces.revokeInvite(c.get('principal'), workspaceId, inviteId);
    return c.body(null, 204);
  });

  app.openapi(inviteInfo, async (c) => {
    const { workspaceName, role, expiresAt } = await workspaces.inviteInfo(c.req.valid('param').token);
    return c.json({ workspaceName, role, expiresAt }, 200);
  });

  app.openapi(acceptInvite, async (c) => {
    const joined = await workspaces.acceptInvite(c.get('principal'), c.req.valid('param').token);
    return c.json({ workspace: { id: joined.workspaceId, name: joined.name, role: joined.role } }, 200);
  });
}
