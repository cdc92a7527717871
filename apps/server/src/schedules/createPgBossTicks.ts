import type { PgBoss } from 'pg-boss';
import type { ScheduleService, ScheduleTicks } from './createScheduleService';

/** The queue pg-boss's cron pass sends each schedule's ticks to; the job's data names the schedule. */
export const SCHEDULE_QUEUE = 'synapse-schedule-tick';

export interface ScheduleTickJob {
  scheduleId: string;
}

/**
 * Schedules' ticks on pg-boss's scheduler (ADR 0018): one `schedule` row per schedule, keyed by its id, in
 * the schedule's time zone. pg-boss's cron pass runs on every instance, but one claim per interval and a
 * singleton slot per occurrence make one job per tick however many instances run; the job goes to one
 * worker (SKIP LOCKED). Nothing here keeps a timer.
 */
// A tick that failed to be handled (the database blinked) is retried; the firing row keyed by the job id
// makes the retry start nothing twice. A tick nobody handled within 10 minutes is dropped, not run late.
// `notify`: the worker wakes the moment the cron pass forwards a tick rather than on its next poll.
const QUEUE_OPTIONS = {
  retryLimit: 2,
  retryDelay: 5,
  expireInSeconds: 5 * 60,
  retentionSeconds: 10 * 60,
  notify: true,
};

async function ensureScheduleQueue(boss: PgBoss): Promise<void> {
  if (await boss.getQueue(SCHEDULE_QUEUE)) await boss.updateQueue(SCHEDULE_QUEUE, QUEUE_OPTIONS);
  else await boss.createQueue(SCHEDULE_QUEUE, QUEUE_OPTIONS);
}

export function createPgBossTicks(queueReady: PgBoss | Promise<PgBoss>): ScheduleTicks {
  // The queue starts while the server opens its port (issue #18): its first use waits for it, once.
  let ready: Promise<PgBoss> | undefined;
  const queue = () => {
    ready ??= Promise.resolve(queueReady).then(async (boss) => {
      await ensureScheduleQueue(boss);
      return boss;
    });
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  };
  return {
    async put(schedule) {
      const data: ScheduleTickJob = { scheduleId: schedule.id };
      // `missed: skip` (the default): a server that was down at a tick does not fire it late.
      await (await queue()).schedule(SCHEDULE_QUEUE, schedule.cron, data, {
        tz: schedule.timezone,
        key: schedule.id,
      });
    },
    async remove(scheduleId) {
      await (await queue()).unschedule(SCHEDULE_QUEUE, scheduleId);
    },
    async keys() {
      return (await (await queue()).getSchedules(SCHEDULE_QUEUE)).map((s) => s.key);
    },
  };
}

export async function workScheduleTicks(queue: PgBoss, schedules: ScheduleService): Promise<void> {
  await ensureScheduleQueue(queue);
  await queue.work<ScheduleTickJob>(SCHEDULE_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await schedules.fire(job.data.scheduleId, job.id);
  });
  await schedules.reconcile();
}
