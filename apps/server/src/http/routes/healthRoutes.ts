import { createRoute, z } from '@hono/zod-openapi';
import type { App, AppDeps } from '../createApp';

/** Present when the server shares documents with others through Redis (REDIS_URL). */
const RedisStatus = z.object({
  status: z.enum(['ok', 'error']),
  /** When the link was lost (ms since epoch); null while up. */
  downSince: z.number().nullable(),
  /** Times the link was lost since the server started. */
  faults: z.number().int(),
});

const health = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Liveness, database reachability and the Redis link between servers',
  responses: {
    200: {
      description:
        'Serving. `degraded` while Redis is unreachable: this server keeps serving its own clients and ' +
        'catches up from the database once Redis returns.',
      content: {
        'application/json': {
          schema: z.object({
            status: z.enum(['ok', 'degraded']),
            database: z.literal('ok'),
            redis: RedisStatus.optional(),
            version: z.string(),
          }),
        },
      },
    },
    503: {
      description: 'Database unreachable',
      content: {
        'application/json': {
          schema: z.object({
            status: z.literal('degraded'),
            database: z.literal('error'),
            redis: RedisStatus.optional(),
            version: z.string(),
          }),
        },
      },
    },
  },
});

export function registerHealthRoutes(
  app: App,
  deps: Pick<AppDeps, 'checkDatabase' | 'redisHealth' | 'version' | 'logger'>,
): void {
  app.openapi(health, async (c) => {
    const link = deps.redisHealth?.();
    const redis = link
      ? {
          redis: {
            status: link.up ? ('ok' as const) : ('error' as const),
            downSince: link.downSince,
            faults: link.faults,
          },
        }
      : {};
    try {
      await deps.checkDatabase();
      const status = link && !link.up ? ('degraded' as const) : ('ok' as const);
      return c.json({ status, database: 'ok' as const, ...redis, version: deps.version }, 200);
    } catch (error) {
      deps.logger.error({ err: error }, 'health check: database unreachable');
      return c.json(
        { status: 'degraded' as const, database: 'error' as const, ...redis, version: deps.version },
        503,
      );
    }
  });
}
