import { createRoute, z } from '@hono/zod-openapi';
import { AuditPageSchema } from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { errorResponses, Id } from '../schemas';

const listAudit = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/audit',
  summary: "The workspace's audit log, newest first (owners only); filter by actor, kind and time",
  request: {
    params: z.object({ workspaceId: Id }),
    query: z.object({
      actor: Id.optional(),
      kind: z
        .string()
        .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'a kind (key.created) or a prefix (key.)')
        .optional(),
      since: z.coerce.number().int().nonnegative().optional(),
      until: z.coerce.number().int().nonnegative().optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Events, and the cursor for the page before them',
      content: {
        'application/json': { schema: AuditPageSchema },
      },
    },
    ...errorResponses,
  },
});

export function registerAuditRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  app.openapi(listAudit, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const q = c.req.valid('query');
    const events = await deps.security.auditLog.query({
      workspaceId,
      actorId: q.actor,
      kind: q.kind,
      since: q.since,
      until: q.until,
      before: q.before,
      limit: q.limit,
    });
    const last = events.at(-1);
    return c.json({ events, nextBefore: events.length === q.limit && last ? last.id : null }, 200);
  });
}
