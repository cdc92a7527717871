import { ErrorCodes } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { seedPublishedWorkflow } from '../test/seedPublishedWorkflow';
import { useTeamApp } from '../test/useTestApp';

// Schedules with app.request(): editors make, change, pause and delete schedules; members list them and
// their firings. No pg-boss here: `t.ticks` is what pg-boss would hold, and `t.schedules.fire` stands in for
// a tick (scheduleTicks.int.test.ts drives real pg-boss ticks). Runs are queued, not run (no runner).
const t = useTeamApp();
const WF = 'sched-brief';
const BASE = `/api/workspaces/default/workflows/${WF}/schedules`;

interface View {
  id: string;
  cron: string;
  timezone: string;
  overlap: string;
  paused: boolean;
  nextRuns: number[];
  inputs: Record<string, unknown>;
}

async function create(body: Record<string, unknown>, as = t.editor): Promise<View> {
  const response = await as.request(BASE, { body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { schedule: View }).schedule;
}

async function runCount(): Promise<number> {
  const [row] = await t.database.sql.query<{ n: number }>('select count(*)::int as n from runs');
  return row?.n ?? -1;
}

async function firings(id: string) {
  const response = await t.viewer.request(`${BASE}/${id}/firings`);
  expect(response.status).toBe(200);
  return (
    (await response.json()) as { firings: { status: string; runId: string | null; error: string | null }[] }
  ).firings;
}

beforeAll(async () => {
  await seedPublishedWorkflow(t.sync, t.owner, WF);
});

describe('schedule routes', () => {
  it('creates a schedule with its next ticks in its time zone and puts it on the scheduler; members list it', async () => {
    const s = await create({
      name: 'Mornings',
      cron: '0 9 * * *',
      timezone: 'Europe/Paris',
      inputs: { topic: 'tides' },
    });
    expect(s).toMatchObject({ cron: '0 9 * * *', timezone: 'Europe/Paris', overlap: 'skip', paused: false });
    expect(s.nextRuns).toHaveLength(5);
    for (const at of s.nextRuns) {
      const hour = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
      });
      expect(hour.format(at)).toBe('09:00');
    }
    expect(t.ticks.get(s.id)).toEqual({ cron: '0 9 * * *', timezone: 'Europe/Paris' });
    const listed = await t.viewer.request(BASE);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { schedules: View[] }).schedules.map((x) => x.id)).toContain(s.id);

    const preview = await t.viewer.request(
      `${BASE}/preview?cron=${encodeURIComponent('*/15 * * * *')}&timezone=UTC`,
    );
    const { nextRuns } = (await preview.json()) as { nextRuns: number[] };
    expect(nextRuns).toHaveLength(5);
    expect(nextRuns.every((at) => at % (15 * 60_000) === 0)).toBe(true);
  });

  it('refuses what cannot be scheduled (422 with the reason), a malformed body (400), viewers (403), strangers (401)', async () => {
    const badCron = await t.editor.request(BASE, { body: { name: 'x', cron: '61 * * * *' } });
    expect(badCron.status).toBe(422);
    expect(await errorCode(badCron)).toBe(ErrorCodes.scheduleInvalid);
    const badZone = await t.editor.request(BASE, {
      body: { name: 'x', cron: '0 9 * * *', timezone: 'Mars/Olympus' },
    });
    expect(badZone.status).toBe(422);
    expect(((await badZone.json()) as { error: { message: string } }).error.message).toMatch(/time zone/);
    const sixFields = await t.editor.request(BASE, { body: { name: 'x', cron: '* * * * * *' } });
    expect(sixFields.status).toBe(400);
    const badOverlap = await t.editor.request(BASE, {
      body: { name: 'x', cron: '0 9 * * *', overlap: 'never' },
    });
    expect(badOverlap.status).toBe(400);
    expect((await t.viewer.request(BASE, { body: { name: 'x', cron: '0 9 * * *' } })).status).toBe(403);
    expect((await t.request(BASE)).status).toBe(401);
    expect((await t.editor.request(`${BASE}/nope/firings`)).status).toBe(404);
    expect((await t.editor.request(`${BASE}/nope`, { method: 'PATCH', body: { paused: true } })).status).toBe(
      404,
    );
    const preview = await t.viewer.request(
      `${BASE}/preview?cron=${encodeURIComponent('0 9 * * *')}&timezone=Nowhere`,
    );
    expect(preview.status).toBe(422);
  });

  it('a tick starts the published version as the creator, once per tick; `skip` skips while the last run is going, `queue` does not', async () => {
    const s = await create({ name: 'Skipper', cron: '* * * * *', inputs: { topic: 'tides' } });
    const before = await runCount();
    const first = await t.schedules.fire(s.id, 'job-1');
    expect(first).toMatchObject({ status: 'started', error: null });
    const runId = first?.runId as string;
    const view = await t.viewer.request(`/api/workspaces/default/runs/${runId}`);
    expect(await view.json()).toMatchObject({
      run: { trigger: `schedule:${s.id}`, versionSource: 'published', inputs: { topic: 'tides' } },
    });
    // The same pg-boss job again (a retry) records and starts nothing.
    expect(await t.schedules.fire(s.id, 'job-1')).toBeNull();
    // The first run is still queued (no runner here): the next tick is skipped, naming the run in the way.
    expect(await t.schedules.fire(s.id, 'job-2')).toMatchObject({ status: 'skipped', runId });
    expect(await runCount()).toBe(before + 1);

    const q = await create({
      name: 'Queuer',
      cron: '* * * * *',
      overlap: 'queue',
      inputs: { topic: 'tides' },
    });
    expect(await t.schedules.fire(q.id, 'job-3')).toMatchObject({ status: 'started' });
    expect(await t.schedules.fire(q.id, 'job-4')).toMatchObject({ status: 'started' });
    expect(await runCount()).toBe(before + 3);

    expect((await firings(s.id)).map((f) => [f.status, f.runId])).toEqual([
      ['skipped', runId],
      ['started', runId],
    ]);
  });

  it('a redelivered tick whose first handler died before settling gets the same run, not a second one', async () => {
    const s = await create({ name: 'Crashy', cron: '* * * * *', overlap: 'queue', inputs: { topic: 'x' } });
    const first = await t.schedules.fire(s.id, 'job-r');
    const before = await runCount();
    // As if the handler died after starting the run and before recording it.
    await t.database.sql.query(
      `update schedule_firings set status = 'pending', run_id = null where schedule_id = $1`,
      [s.id],
    );
    expect(await t.schedules.fire(s.id, 'job-r')).toMatchObject({ status: 'started', runId: first?.runId });
    expect(await runCount()).toBe(before);
    expect(await firings(s.id)).toHaveLength(1);
  });

  it('records a tick that cannot start (no required input) as failed, and nothing runs', async () => {
    const s = await create({ name: 'No inputs', cron: '* * * * *' });
    const before = await runCount();
    expect(await t.schedules.fire(s.id, 'job-f')).toMatchObject({ status: 'failed', runId: null });
    expect((await firings(s.id))[0]?.error).toMatch(/topic/);
    expect(await runCount()).toBe(before);
  });

  it('pauses and resumes: a paused schedule is off the scheduler and a stray tick fires nothing; changes are audited', async () => {
    const s = await create({ name: 'Pausable', cron: '0 * * * *', inputs: { topic: 'x' } });
    expect(
      (await t.viewer.request(`${BASE}/${s.id}`, { method: 'PATCH', body: { paused: true } })).status,
    ).toBe(403);
    const paused = await t.editor.request(`${BASE}/${s.id}`, { method: 'PATCH', body: { paused: true } });
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as { schedule: View }).schedule).toMatchObject({
      paused: true,
      nextRuns: [],
    });
    expect(t.ticks.has(s.id)).toBe(false);
    const before = await runCount();
    expect(await t.schedules.fire(s.id, 'job-p')).toBeNull();
    expect(await runCount()).toBe(before);
    expect(await firings(s.id)).toEqual([]);

    const resumed = await t.editor.request(`${BASE}/${s.id}`, {
      method: 'PATCH',
      body: { paused: false, cron: '30 6 * * 1-5', timezone: 'America/New_York', overlap: 'queue' },
    });
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as { schedule: View }).schedule).toMatchObject({
      paused: false,
      cron: '30 6 * * 1-5',
      overlap: 'queue',
    });
    expect(t.ticks.get(s.id)).toEqual({ cron: '30 6 * * 1-5', timezone: 'America/New_York' });
    const invalid = await t.editor.request(`${BASE}/${s.id}`, {
      method: 'PATCH',
      body: { timezone: 'Nowhere/At all' },
    });
    expect(invalid.status).toBe(422);

    const audit = await t.owner.request('/api/workspaces/default/audit?kind=schedule.');
    const { events } = (await audit.json()) as { events: { kind: string; target: string }[] };
    const kinds = events.filter((e) => e.target === s.id).map((e) => e.kind);
    expect(kinds.sort()).toEqual([
      'schedule.created',
      'schedule.paused',
      'schedule.resumed',
      'schedule.updated',
    ]);
  });

  it("runs at its creator's current role: a demoted creator's tick is recorded as refused and starts nothing", async () => {
    const creator = await t.member(t.owner, 'editor');
    const s = await create(
      { name: 'Creator bound', cron: '* * * * *', overlap: 'queue', inputs: { topic: 'x' } },
      creator,
    );
    expect(await t.schedules.fire(s.id, 'job-c1')).toMatchObject({ status: 'started' });
    const member = `/api/workspaces/default/members/${creator.id}`;
    expect((await t.owner.request(member, { method: 'PATCH', body: { role: 'viewer' } })).status).toBe(200);
    const before = await runCount();
    expect(await t.schedules.fire(s.id, 'job-c2')).toMatchObject({ status: 'refused', runId: null });
    expect(await runCount()).toBe(before);
  });

  it('deletes: the schedule leaves the scheduler, a queued tick finds nothing, and it is gone for everyone', async () => {
    const s = await create({ name: 'Doomed', cron: '* * * * *', inputs: { topic: 'x' } });
    expect((await t.viewer.request(`${BASE}/${s.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await t.editor.request(`${BASE}/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(t.ticks.has(s.id)).toBe(false);
    expect(await t.schedules.fire(s.id, 'job-d')).toBeNull();
    expect((await t.editor.request(`${BASE}/${s.id}`, { method: 'DELETE' })).status).toBe(404);
    const audit = await t.owner.request('/api/workspaces/default/audit?kind=schedule.deleted');
    const { events } = (await audit.json()) as { events: { target: string }[] };
    expect(events.map((e) => e.target)).toContain(s.id);
  });

  it('reconcile makes the scheduler hold exactly the schedules that are not paused', async () => {
    t.ticks.set('stale-schedule', { cron: '* * * * *', timezone: 'UTC' });
    const s = await create({ name: 'Kept', cron: '5 4 * * *', inputs: { topic: 'x' } });
    t.ticks.delete(s.id);
    await t.schedules.reconcile();
    expect(t.ticks.has('stale-schedule')).toBe(false);
    expect(t.ticks.get(s.id)).toEqual({ cron: '5 4 * * *', timezone: 'UTC' });
  });

  it('describes the schedule routes in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const base = '/api/workspaces/{workspaceId}/workflows/{workflowId}/schedules';
    expect(Object.keys(doc.paths[base] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths[`${base}/{scheduleId}`] ?? {}).sort()).toEqual(['delete', 'patch']);
    expect(doc.paths[`${base}/{scheduleId}/firings`]?.get).toBeDefined();
    expect(doc.components.schemas.Schedule).toBeDefined();
  });
});
