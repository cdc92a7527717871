import { ErrorCodes } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_TIMEOUT_MS } from '../http/test/createTestApp';
import { errorCode } from '../http/test/requestAs';
import { useTeamApp } from '../http/test/useTestApp';
import type { SystemStatus } from './collectSystemStatus';
import { overallStatus } from './systemHealthRoutes';

describe('GET /api/system/health', () => {
  const t = useTeamApp();
  beforeAll(async () => {
    const workflowId = await t.workflow(t.editor);
    await t.editor.request(`/api/workspaces/default/workflows/${workflowId}/runs`, { body: {} });
  }, TEST_APP_TIMEOUT_MS);

  it('shows any signed-in user the database, runs, sync and persistence', async () => {
    const response = await t.viewer.request('/api/system/health');
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

  it('answers 401 signed out', async () => {
    const response = await t.request('/api/system/health');
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe(ErrorCodes.unauthorized);
  });
});

describe('overallStatus', () => {
  const healthy: SystemStatus = {
    checkedAt: 0,
    database: { ok: true, latencyMs: 1 },
    queue: { ready: 0, deferred: 0, active: 0, oldestReadyAgeMs: null },
    runs: {},
    runners: { busy: 0, lastCompletedAt: null, stalled: false },
    sync: { connections: 0, documents: 0 },
    persistence: {
      inflightRows: 0,
      oldestInflightMs: 0,
      committedRows: 0,
      commits: 0,
      failures: 0,
      commitSecondsSum: 0,
      lastCommitMs: null,
    },
  };

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
