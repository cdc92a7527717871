import { createMemoryRepo, createMemoryUsageRepo } from '@synapse/db';
import { ErrorCodes } from '@synapse/schema';
import type { MemoryUsageReport } from '@synapse/schema/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvLine } from '../../history/toCsv';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

const DAY = 86_400_000;

describe('analytics routes', () => {
  const t = useTeamApp({ workflow: true });
  beforeAll(async () => {
    await t.editor.request(`/api/workspaces/default/workflows/${t.workflowId}/runs`, { body: {} });
  });

  it('reports usage over the last 30 days by default, with workflow names', async () => {
    const response = await t.viewer.request('/api/workspaces/default/analytics');
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      from: number;
      to: number;
      workflowTotals: { key: string; runs: number }[];
      workflowNames: Record<string, string>;
    };
    expect(report.to - report.from).toBe(30 * DAY);
    expect(report.workflowTotals.find((b) => b.key === t.workflowId)?.runs).toBe(1);
    expect(report.workflowNames[t.workflowId]).toBeTruthy();
  });

  it('exports CSV by workflow or by model', async () => {
    const to = Date.now() + DAY;
    const response = await t.viewer.request(
      `/api/workspaces/default/analytics.csv?from=${to - 7 * DAY}&to=${to}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="synapse-default-by-workflow-/,
    );
    const lines = (await response.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^day,workflow_id,workflow_name,/);
    expect(lines.some((line) => line.includes(t.workflowId))).toBe(true);
    const byModel = await t.viewer.request('/api/workspaces/default/analytics.csv?groupBy=model');
    expect(byModel.status).toBe(200);
    expect(await byModel.text()).toMatch(/^day,provider,model,/);
  });

  it.each([
    ['`from` after `to`', '?from=2000&to=1000'],
    ['more than 366 days', `?from=0&to=${367 * DAY}`],
    ['a negative time', '?from=-1'],
  ])('answers 400 to %s', async (_, query) => {
    for (const path of ['analytics', 'analytics.csv']) {
      const response = await t.viewer.request(`/api/workspaces/default/${path}${query}`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
    }
  });

  describe('memory bank usage', () => {
    let entryId: string;
    beforeAll(async () => {
      const runs = (await (await t.viewer.request('/api/workspaces/default/runs')).json()) as {
        runs: { id: string }[];
      };
      const runId = runs.runs[0]!.id;
      const entry = await createMemoryRepo(t.database.sql).add({
        workspaceId: 'default',
        content: 'Refunds take five business days',
        createdBy: 'runner',
        now: Date.now(),
      });
      entryId = entry.id;
      const usage = createMemoryUsageRepo(t.database.sql);
      const base = { workspaceId: 'default', runId, nodeId: 'n', now: Date.now() };
      await usage.record({ ...base, kind: 'read', entryIds: [entry.id] });
      await usage.record({ ...base, kind: 'read', entryIds: [] });
      await usage.record({ ...base, kind: 'write', entryIds: [entry.id] });
    });

    it('reports reads, reads that found something and writes per workflow, and the most used entries', async () => {
      const response = await t.viewer.request('/api/workspaces/default/analytics/memory');
      expect(response.status).toBe(200);
      const report = (await response.json()) as MemoryUsageReport;
      expect(report.workflowId).toBeNull();
      expect(report.daily).toEqual([
        expect.objectContaining({ workflowId: t.workflowId, reads: 2, readsWithHits: 1, writes: 1 }),
      ]);
      expect(report.topEntries).toEqual([{ entryId, uses: 1, preview: 'Refunds take five business days' }]);
      expect(report.workflowNames[t.workflowId]).toBeTruthy();
      const other = await t.viewer.request('/api/workspaces/default/analytics/memory?workflowId=another');
      expect(((await other.json()) as MemoryUsageReport).daily).toEqual([]);
    });

    it('exports it as CSV per day and workflow', async () => {
      const response = await t.viewer.request('/api/workspaces/default/analytics.csv?groupBy=memory');
      expect(response.status).toBe(200);
      const lines = (await response.text()).trim().split(/\r?\n/);
      expect(lines[0]).toBe(
        'day,workflow_id,workflow_name,memory_reads,memory_reads_with_hits,memory_writes',
      );
      // The id is random and may start with '-', which the writer defuses (CSV injection): expect its cell.
      const row = lines[1] ?? '';
      expect(row.slice(0, 11)).toMatch(/^\d{4}-\d{2}-\d{2},$/);
      expect(row.slice(11).startsWith(`${csvLine([t.workflowId]).trimEnd()},`)).toBe(true);
      expect(row.endsWith(',2,1,1')).toBe(true);
    });

    it('answers 401 signed out, 403 outside the workspace and 400 to a bad range', async () => {
      expect((await t.request('/api/workspaces/default/analytics/memory')).status).toBe(401);
      expect((await t.owner.request('/api/workspaces/elsewhere/analytics/memory')).status).toBe(403);
      expect(
        (await t.viewer.request('/api/workspaces/default/analytics/memory?from=2000&to=1000')).status,
      ).toBe(400);
    });
  });

  it('answers 400 to an unknown grouping', async () => {
    const response = await t.viewer.request('/api/workspaces/default/analytics.csv?groupBy=user');
    expect(response.status).toBe(400);
  });

  it('answers 401 signed out and 403 outside the workspace', async () => {
    expect((await t.request('/api/workspaces/default/analytics')).status).toBe(401);
    expect((await t.request('/api/workspaces/default/analytics.csv')).status).toBe(401);
    const outsider = await t.owner.request('/api/workspaces/elsewhere/analytics');
    expect(outsider.status).toBe(403);
    expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
  });
});
