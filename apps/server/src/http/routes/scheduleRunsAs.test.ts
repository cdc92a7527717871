import { beforeAll, describe, expect, it } from 'vitest';
import { seedPublishedWorkflow } from '../test/seedPublishedWorkflow';
import { useTeamApp } from '../test/useTestApp';

// Who a schedule runs as, with app.request(): an editor who changes what or when it runs takes it over, so
// no editor can make an owner's schedule run their inputs as the owner. `t.schedules.fire` stands in for a
// pg-boss tick (see scheduleRoutes.test.ts).
const t = useTeamApp();
const WF = 'sched-runs-as';
const BASE = `/api/workspaces/default/workflows/${WF}/schedules`;

interface View {
  id: string;
  createdBy: string;
  runsAs: { id: string; name: string | null };
}

async function requestedBy(runId: string | null | undefined): Promise<string | undefined> {
  const [row] = await t.database.sql.query<{ by: string }>(
    'select requested_by as by from runs where id = $1',
    [runId],
  );
  return row?.by;
}

beforeAll(async () => {
  await seedPublishedWorkflow(t.sync, t.owner, WF);
});

describe('who a schedule runs as', () => {
  it('becomes the editor who changes its inputs or cron, audited; a rename or a pause changes nothing', async () => {
    const created = await t.owner.request(BASE, {
      body: { name: 'Owner digest', cron: '0 9 * * 1', overlap: 'queue', inputs: { topic: 'owner topic' } },
    });
    const s = ((await created.json()) as { schedule: View }).schedule;
    expect(s.runsAs).toEqual({ id: t.owner.id, name: t.owner.name });
    expect((await t.schedules.fire(s.id, 'tick-1'))?.status).toBe('started');
    expect(
      await requestedBy(
        (
          await t.database.sql.query<{ id: string }>(
            'select run_id as id from schedule_firings where tick_key = $1',
            ['tick-1'],
          )
        )[0]?.id,
      ),
    ).toBe(t.owner.id);

    // A rename and a pause by the editor leave it running as the owner.
    for (const body of [{ name: 'Renamed' }, { paused: true }, { paused: false }]) {
      const r = await t.editor.request(`${BASE}/${s.id}`, { method: 'PATCH', body });
      expect(((await r.json()) as { schedule: View }).schedule.runsAs.id).toBe(t.owner.id);
    }

    const changed = await t.editor.request(`${BASE}/${s.id}`, {
      method: 'PATCH',
      body: { inputs: { topic: 'editor topic' } },
    });
    expect(changed.status).toBe(200);
    const after = ((await changed.json()) as { schedule: View }).schedule;
    expect(after).toMatchObject({ createdBy: t.editor.id, runsAs: { id: t.editor.id, name: t.editor.name } });
    const listed = await t.viewer.request(BASE);
    expect(
      ((await listed.json()) as { schedules: View[] }).schedules.find((x) => x.id === s.id)?.runsAs,
    ).toEqual({
      id: t.editor.id,
      name: t.editor.name,
    });

    const tick = await t.schedules.fire(s.id, 'tick-2');
    expect(tick?.status).toBe('started');
    expect(await requestedBy(tick?.runId)).toBe(t.editor.id);

    const audit = await t.owner.request('/api/workspaces/default/audit?kind=schedule.updated');
    const { events } = (await audit.json()) as {
      events: { target: string; actorId: string; details: Record<string, unknown> }[];
    };
    expect(
      events
        .filter((e) => e.target === s.id)
        .map((e) => [e.actorId, e.details.runsAs, e.details.previousRunsAs]),
    ).toEqual([
      [t.editor.id, t.editor.id, t.owner.id],
      [t.editor.id, undefined, undefined],
    ]);
  });

  it("the schedule's own user changing it again keeps it, and a demoted taker's ticks are refused", async () => {
    const editor = await t.member(t.owner, 'editor');
    const created = await t.owner.request(BASE, {
      body: { name: 'Handed over', cron: '0 9 * * 1', overlap: 'queue', inputs: { topic: 'a' } },
    });
    const s = ((await created.json()) as { schedule: View }).schedule;
    await editor.request(`${BASE}/${s.id}`, { method: 'PATCH', body: { cron: '0 10 * * 1' } });
    const again = await editor.request(`${BASE}/${s.id}`, {
      method: 'PATCH',
      body: { timezone: 'Europe/Paris' },
    });
    expect(((await again.json()) as { schedule: View }).schedule.runsAs.id).toBe(editor.id);
    const member = `/api/workspaces/default/members/${editor.id}`;
    expect((await t.owner.request(member, { method: 'PATCH', body: { role: 'viewer' } })).status).toBe(200);
    expect(await t.schedules.fire(s.id, 'tick-3')).toMatchObject({ status: 'refused', runId: null });
  });
});
