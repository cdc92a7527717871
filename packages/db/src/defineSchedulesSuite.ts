import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertQueuedRun } from './insertQueuedRun';
import type { Database } from './Sql';
import { createSchedulesRepo, type ScheduleRow } from './schedulesRepo';
import { useMigratedDatabase } from './useMigratedDatabase';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Schedules, their firings and the overlap check ([triggers] issue 14), against a driver. */
export function defineSchedulesSuite(name: string, open: () => Promise<Database>): void {
  describe(`schedules: ${name}`, () => {
    const db = useMigratedDatabase(open);

    async function schedule(overrides: Partial<ScheduleRow> = {}): Promise<ScheduleRow> {
      const workspaceId = overrides.workspaceId ?? unique('ws');
      await createWorkspacesRepo(db()).ensure({ id: workspaceId, name: workspaceId });
      return createSchedulesRepo(db()).create({
        id: unique('sched'),
        workspaceId,
        workflowId: 'wf',
        name: 'Weekly digest',
        cron: '0 9 * * 1',
        timezone: 'Europe/Paris',
        overlap: 'skip',
        inputs: { repo: 'octo/tides', count: 5, draft: false },
        paused: false,
        createdBy: 'ada',
        createdAt: 10,
        updatedAt: 10,
        ...overrides,
      });
    }

    it('creates, lists, updates and deletes a schedule of its workflow only', async () => {
      const repo = createSchedulesRepo(db());
      const s = await schedule();
      expect(await repo.get(s.id)).toEqual(s);
      expect(s.inputs).toEqual({ repo: 'octo/tides', count: 5, draft: false });
      expect((await repo.list(s.workspaceId, 'wf')).map((x) => x.id)).toEqual([s.id]);
      expect(await repo.list(s.workspaceId, 'other')).toEqual([]);
      expect(await repo.update(s.workspaceId, 'other', s.id, { paused: true }, 20)).toBeNull();
      const paused = await repo.update(s.workspaceId, 'wf', s.id, { paused: true, cron: '*/5 * * * *' }, 20);
      expect(paused).toEqual({ ...s, paused: true, cron: '*/5 * * * *', updatedAt: 20 });
      expect(await repo.update(s.workspaceId, 'wf', s.id, { inputs: { repo: 'x' } }, 30)).toMatchObject({
        inputs: { repo: 'x' },
        paused: true,
        updatedAt: 30,
      });
      expect(await repo.delete(s.workspaceId, 'other', s.id)).toBe(false);
      expect(await repo.delete(s.workspaceId, 'wf', s.id)).toBe(true);
      expect(await repo.get(s.id)).toBeNull();
    });

    it('lists the schedules that are not paused, across workspaces', async () => {
      const repo = createSchedulesRepo(db());
      const on = await schedule();
      const off = await schedule({ paused: true });
      const ids = (await repo.listActive()).map((s) => s.id);
      expect(ids).toContain(on.id);
      expect(ids).not.toContain(off.id);
    });

    it('records a tick once: the same tick key is retaken while pending, refused once settled; firings list newest first and go with the schedule', async () => {
      const repo = createSchedulesRepo(db());
      const s = await schedule();
      expect(await repo.claimFiring({ id: 'f1', scheduleId: s.id, tickKey: 'job-1', firedAt: 1 })).toBe('f1');
      expect(await repo.claimFiring({ id: 'f1b', scheduleId: s.id, tickKey: 'job-1', firedAt: 2 })).toBe(
        'f1',
      );
      expect(await repo.claimFiring({ id: 'f2', scheduleId: s.id, tickKey: 'job-2', firedAt: 3 })).toBe('f2');
      await repo.settleFiring('f1', { status: 'started', runId: 'run-1', error: null });
      expect(
        await repo.claimFiring({ id: 'f1c', scheduleId: s.id, tickKey: 'job-1', firedAt: 4 }),
      ).toBeNull();
      await repo.settleFiring('f2', { status: 'skipped', runId: null, error: 'run-1 is still running' });
      expect(await repo.listFirings(s.id, 10)).toEqual([
        {
          id: 'f2',
          scheduleId: s.id,
          tickKey: 'job-2',
          firedAt: 3,
          status: 'skipped',
          runId: null,
          error: 'run-1 is still running',
        },
        {
          id: 'f1',
          scheduleId: s.id,
          tickKey: 'job-1',
          firedAt: 1,
          status: 'started',
          runId: 'run-1',
          error: null,
        },
      ]);
      expect(await repo.listFirings(s.id, 1)).toHaveLength(1);
      await repo.delete(s.workspaceId, 'wf', s.id);
      expect(await repo.listFirings(s.id, 10)).toEqual([]);
    });

    it('finds a queued, running or waiting run of a trigger, and none once it finished', async () => {
      const repo = createSchedulesRepo(db());
      const s = await schedule();
      const trigger = `schedule:${s.id}`;
      expect(await repo.activeRunOf(s.workspaceId, trigger)).toBeNull();
      const runId = await insertQueuedRun(db(), s.workspaceId);
      await db().query('update runs set trigger = $2 where id = $1', [runId, trigger]);
      expect(await repo.activeRunOf(s.workspaceId, trigger)).toBe(runId);
      expect(await repo.activeRunOf(s.workspaceId, 'schedule:other')).toBeNull();
      await db().query(`update runs set status = 'running' where id = $1`, [runId]);
      expect(await repo.activeRunOf(s.workspaceId, trigger)).toBe(runId);
      // Parked at a Human approval: not finished, so overlap 'skip' still skips.
      await db().query(`update runs set status = 'waiting' where id = $1`, [runId]);
      expect(await repo.activeRunOf(s.workspaceId, trigger)).toBe(runId);
      await db().query(`update runs set status = 'succeeded' where id = $1`, [runId]);
      expect(await repo.activeRunOf(s.workspaceId, trigger)).toBeNull();
    });
  });
}
