import { createRoute, z } from '@hono/zod-openapi';
import {
  ChangeRoleBodySchema,
  CreatedWorkspaceSchema,
  CreateWorkspaceBodySchema,
  MemberSchema,
  WorkspaceMembershipSchema,
} from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { errorResponses, Id } from '../schemas';

const listWorkspaces = createRoute({
  method: 'get',
  path: '/api/workspaces',
  summary: 'The workspaces you belong to, with your role',
  responses: {
    200: {
      description: 'Workspaces',
      content: {
        'application/json': { schema: z.object({ workspaces: z.array(WorkspaceMembershipSchema) }) },
      },
    },
    401: errorResponses[401],
  },
});

const createWorkspace = createRoute({
  method: 'post',
  path: '/api/workspaces',
  summary: 'Create a workspace; you become its owner',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: CreateWorkspaceBodySchema } },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: CreatedWorkspaceSchema } },
    },
    ...errorResponses,
  },
});

const memberParams = z.object({ workspaceId: Id, userId: Id });

const listMembers = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/members',
  summary: "The workspace's members and their roles",
  request: { params: z.object({ workspaceId: Id }) },
  responses: {
    200: {
      description: 'Members',
      content: { 'application/json': { schema: z.object({ members: z.array(MemberSchema) }) } },
    },
    ...errorResponses,
  },
});

const changeRole = createRoute({
  method: 'patch',
  path: '/api/workspaces/{workspaceId}/members/{userId}',
  summary: "Change a member's role (owners only); their open connections reconnect with the new access",
  request: {
    params: memberParams,
    body: {
      required: true,
      content: { 'application/json': { schema: ChangeRoleBodySchema } },
    },
  },
  responses: {
    200: {
      description: 'Changed',
      content: { 'application/json': { schema: z.object({ member: MemberSchema }) } },
    },
    ...errorResponses,
    409: errorResponses[400],
  },
});

const removeMember = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/members/{userId}',
  summary: 'Remove a member (owners), or leave (yourself); closes their open connections to the workspace',
  request: { params: memberParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses, 409: errorResponses[400] },
});

const membership = (w: { workspaceId: string; name: string; role: 'owner' | 'editor' | 'viewer' }) => ({
  id: w.workspaceId,
  name: w.name,
  role: w.role,
});

export function registerWorkspaceRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  const { auth, workspaces } = deps.security;

  app.openapi(listWorkspaces, async (c) => {
    const principal = c.get('principal');
    const list = principal.kind === 'user' ? await auth.workspacesOf(principal.id) : [];
    return c.json({ workspaces: list.map(membership) }, 200);
  });

  app.openapi(createWorkspace, async (c) => {
    const created = await workspaces.create(c.get('principal'), c.req.valid('json').name);
    return c.json({ workspace: membership(created) }, 201);
  });

  app.openapi(listMembers, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const members = await workspaces.listMembers(workspaceId);
    return c.json(
      {
        members: members.map(({ userId, name, email, role, joinedAt }) => ({
          userId,
          name,
          email,
          role,
          joinedAt,
        })),
      },
      200,
    );
  });

  app.openapi(changeRole, async (c) => {
    const { workspaceId, userId } = c.req.valid('param');
    const m = await workspaces.changeRole(c.get('principal'), workspaceId, userId, c.req.valid('json').role);
    return c.json(
      { member: { userId: m.userId, name: m.name, email: m.email, role: m.role, joinedAt: m.joinedAt } },
      200,
    );
  });

  app.openapi(removeMember, async (c) => {
    const { workspaceId, userId } = c.req.valid('param');
    await workspaces.removeMember(c.get('principal'), workspaceId, userId);
    return c.body(null, 204);
  });
}
