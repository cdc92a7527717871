import { OpenAPIHono } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../http/createApp';
import { errorCode } from '../http/test/requestAs';
import { useTeamApp } from '../http/test/useTestApp';
import type { SystemStatus } from './collectSystemStatus';
import { overallStatus, registerSystemHealthRoutes } from './systemHealthRoutes';
import { exampleSystemStatus } from './test/exampleSystemStatus';

describe('GET /api/system/health', () => {
  const t = useTeamApp({ workflow: true });
  beforeAll(async () => {
    await t.editor.request(`/api/workspaces/default/workflows/${t.workflowId}/runs`, { body: {} });
  });

  it("shows the install's administrators (owners of default) the database, runs, sync and persistence", async () => {
    const response = await t.owner.request('/api/system/health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      database: { ok: boolean; latencyMs: number | null };
      runs: Record<string, number>;
      sync: { connections: number; documents: number };
      persistence: { committedRows: number; commits: number; meanCommitMs: number | null };
    };
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    expect(body.runs).toEqual({ queued: 1 });
    expect(body.persistence.committedRows).toBeGreaterThan(0);
    expect(body.persistence.meanCommitMs).not.toBeNull();
  });

  it('refuses other accounts: install-wide figures are not every member’s', async () => {
    for (const member of [t.viewer, t.editor]) {
      const response = await member.request('/api/system/health');
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
    }
  });

  it('answers 401 signed out', async () => {
    const response = await t.request('/api/system/health');
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe(ErrorCodes.unauthorized);
  });
});

describe('GET /api/system/health/stream', () => {
  const t = useTeamApp();

  /** The first event of a stream, then the stream is cancelled (as a closed tab would). */
  async function firstEvent(response: Response): Promise<string> {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    return text;
  }

  it('streams the health to the install administrators at once, as Server-Sent Events', async () => {
    const response = await t.owner.request('/api/system/health/stream');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const event = await firstEvent(response);
    expect(event).toMatch(/^event: health\ndata: /);
    const data = JSON.parse(event.split('\n')[1]!.slice('data: '.length)) as {
      status: string;
      database: object;
    };
    expect(data.status).toBe('ok');
    expect(data.database).toEqual(expect.objectContaining({ ok: true }));
  });

  it('ends a stream after its maximum age, so the reconnect is authorized again', async () => {
    const app = new OpenAPIHono() as unknown as App;
    registerSystemHealthRoutes(app, { systemStatus: async () => exampleSystemStatus(), streamMaxMs: 1 });
    const response = await app.request('/api/system/health/stream');
    // The body completes on its own (a stream that never ended would hang here and time out).
    const text = await response.text();
    expect(text === '' || text.startsWith('event: health\n')).toBe(true);
  });

  it('is refused to other accounts and signed out, like the snapshot', async () => {
    for (const member of [t.viewer, t.editor]) {
      const response = await member.request('/api/system/health/stream');
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
    }
    const signedOut = await t.request('/api/system/health/stream');
    expect(signedOut.status).toBe(401);
  });
});

describe('overallStatus', () => {
  const healthy = exampleSystemStatus();

  it.each<[string, Partial<SystemStatus>]>([
    ['the database is down', { database: { ok: false, latencyMs: null } }],
    ['the queue looks stalled', { runners: { busy: 0, lastCompletedAt: null, stalled: true } }],
    [
      'an update waited over 5 s for its commit',
      { persistence: { ...healthy.persistence, oldestInflightMs: 5001 } },
    ],
  ])('is degraded when %s', (_, change) => {
    expect(overallStatus(healthy)).toBe('ok');
    expect(overallStatus({ ...healthy, ...change })).toBe('degraded');
  });
});
