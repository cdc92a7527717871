import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/** Serves the built SPA; any other GET outside /api and /sync falls back to index.html. */
export function attachWebApp<E extends object>(app: Hono<E>, webDist: string | undefined): void {
  if (!webDist || !existsSync(join(webDist, 'index.html'))) {
    app.get('*', (c) =>
      c.html(
        '<!doctype html><title>Synapse</title><p style="font:16px system-ui;margin:3rem">The web app is not built. Run <code>npm run build</code>, or start with <code>npm start</code>, which builds it.</p>',
        503,
      ),
    );
    return;
  }
  const indexHtml = readFile(join(webDist, 'index.html'), 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root: webDist }));
  app.get('*', async (c) => {
    c.header('cache-control', 'no-cache');
    return c.html(await indexHtml);
  });
}
