import { ErrorCodes } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../http/test/requestAs';
import { useTeamApp } from '../http/test/useTestApp';
import type { SystemStatus } from './collectSystemStatus';
import { overallStatus } from './systemHealthRoutes';
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
