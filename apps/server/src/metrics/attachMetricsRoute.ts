import type { Hono } from 'hono';
import type { SystemStatus } from './collectSystemStatus';
import type { ServerMetrics } from './createServerMetrics';

export interface MetricsExposure {
  /** SYNAPSE_METRICS_PUBLIC: serve /metrics to anyone who can reach the port. */
  public: boolean;
  /** The server listens on a loopback address only. */
  loopback: boolean;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Prometheus `GET /metrics`, outside /api and without a session (scrapers have none). Exposed when the
 * operator says so (SYNAPSE_METRICS_PUBLIC) or when the server is bound to loopback — then only to
 * requests that did not come through a proxy, so a local reverse proxy does not publish it by accident.
 * Otherwise it answers 404. The numbers are install-wide counts, no workspace names or contents.
 */
export function attachMetricsRoute<E extends object>(
  app: Hono<E>,
  exposure: MetricsExposure,
  source: { metrics: ServerMetrics; status: () => Promise<SystemStatus> },
): void {
  app.get('/metrics', async (c) => {
    if (!exposure.public) {
      if (!exposure.loopback)
        return c.text(
          'Not found. Set SYNAPSE_METRICS_PUBLIC=true to expose /metrics on this address.\n',
          404,
        );
      if (c.req.header('forwarded') || c.req.header('x-forwarded-for'))
        return c.text(
          'Forbidden: /metrics is not served through a proxy unless SYNAPSE_METRICS_PUBLIC=true.\n',
          403,
        );
    }
    return c.body(await source.metrics.render(await source.status()), 200, {
      'content-type': source.metrics.contentType,
      'cache-control': 'no-store',
    });
  });
}
