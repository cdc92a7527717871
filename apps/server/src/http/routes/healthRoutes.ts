import { createRoute, z } from '@hono/zod-openapi';
import type { App, AppDeps } from '../createApp';

const health = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Liveness and database reachability',
  responses: {
    200: {
      description: 'Healthy',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ok'), database: z.literal('ok'), version: z.string() }),
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
            version: z.string(),
          }),
        },
      },
    },
  },
});

export function registerHealthRoutes(
  app: App,
  deps: Pick<AppDeps, 'checkDatabase' | 'version' | 'logger'>,
): void {
  app.openapi(health, async (c) => {
    try {
      await deps.checkDatabase();
      return c.json({ status: 'ok' as const, database: 'ok' as const, version: deps.version }, 200);
    } catch (error) {
      deps.logger.error({ err: error }, 'health check: database unreachable');
      return c.json({ status: 'degraded' as const, database: 'error' as const, version: deps.version }, 503);
    }
  });
}
