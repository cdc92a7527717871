import type { ScheduleFiring, ScheduleRow, SchedulesRepo } from '@synapse/db';
import { ErrorCodes, newId } from '@synapse/schema';
import {
  type CreateScheduleBody,
  SCHEDULE_PREVIEW_COUNT,
  type Schedule,
  type ScheduleFiringView,
  type UpdateScheduleBody,
} from '@synapse/schema/api';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { MembershipLookup } from '../auth/authorize';
import { creatorPrincipal } from '../auth/creatorPrincipal';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { RunApi } from '../runs/createRunApi';
import { checkCron, previewCron } from './previewCron';

const actorIdOf = (principal: Principal) => (principal.kind === 'anonymous' ? 'anonymous' : principal.id);

/** A change to what a tick runs or when (a rename or a pause is neither). */
function changesWhatRuns(before: ScheduleRow, body: UpdateScheduleBody): boolean {
  return (
    (body.inputs !== undefined && JSON.stringify(body.inputs) !== JSON.stringify(before.inputs)) ||
    (body.cron !== undefined && body.cron !== before.cron) ||
    (body.timezone !== undefined && body.timezone !== before.timezone) ||
    (body.overlap !== undefined && body.overlap !== before.overlap)
  );
}

/** How many of a schedule's firings the API lists. */
const FIRINGS_LISTED = 50;

/**
 * Where the ticks come from: pg-boss's scheduler (createPgBossTicks), keyed by schedule id. `put` upserts,
 * `remove` is a no-op for a key it does not hold.
 */
export interface ScheduleTicks {
  put(schedule: Pick<ScheduleRow, 'id' | 'cron' | 'timezone'>): Promise<void>;
  remove(scheduleId: string): Promise<void>;
  /** The schedule ids pg-boss holds ticks for. */
  keys(): Promise<string[]>;
}

export interface ScheduleService {
  create(
    principal: Principal,
    workspaceId: string,
    workflowId: string,
    body: CreateScheduleBody,
  ): Promise<Schedule>;
  list(workspaceId: string, workflowId: string): Promise<Schedule[]>;
  update(
    principal: Principal,
    workspaceId: string,
    workflowId: string,
    scheduleId: string,
    body: UpdateScheduleBody,
  ): Promise<Schedule>;
  remove(principal: Principal, workspaceId: string, workflowId: string, scheduleId: string): Promise<void>;
  firings(workspaceId: string, workflowId: string, scheduleId: string): Promise<ScheduleFiringView[]>;
  /** The next ticks of an expression, for a form that has not saved it yet. */
  preview(cron: string, timezone: string): number[];
  /**
   * One tick, as pg-boss delivers it (`tickKey` = its job id). Returns the firing recorded, or null when
   * nothing was (the schedule is gone or paused, or this job was handled before). Throws on an unexpected
   * failure, so pg-boss retries the job; the retry retakes the pending firing.
   */
  fire(scheduleId: string, tickKey: string): Promise<ScheduleFiring | null>;
  /** Makes pg-boss hold ticks for exactly the schedules that are not paused (at server start). */
  reconcile(): Promise<void>;
}

/**
 * Schedules ([triggers] issue 14, ADR 0018): an editor makes a cron schedule that runs the workflow's
 * published version as them — at their current role, like a webhook (`effectiveRole`), so a tick after the
 * creator left or became a viewer is recorded as refused and starts nothing. An editor who changes its
 * inputs, cron, time zone or overlap takes it over: from then on it runs as them (audited). The ticks are pg-boss's; a tick
 * is recorded once per pg-boss job (a redelivered job starts nothing), the overlap policy is checked against
 * the runs this schedule started, and the run start carries the job id as its idempotency key.
 */
export function createScheduleService(deps: {
  repo: SchedulesRepo;
  ticks: ScheduleTicks;
  runApi: RunApi;
  members: MembershipLookup;
  audit: AuditRecorder;
  logger: Logger;
  now(): number;
}): ScheduleService {
  const { repo, ticks, now } = deps;

  function toView(row: ScheduleRow): Schedule {
    return {
      id: row.id,
      workflowId: row.workflowId,
      name: row.name,
      cron: row.cron,
      timezone: row.timezone,
      overlap: row.overlap,
      inputs: row.inputs,
      paused: row.paused,
      nextRuns: row.paused ? [] : previewCron(row.cron, row.timezone, now(), SCHEDULE_PREVIEW_COUNT),
      createdBy: row.createdBy,
      runsAs: { id: row.createdBy, name: row.createdByName ?? null },
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** Whether `userId` could start the workflow as a schedule does (an editor or owner, now). */
  function mayRun(userId: string, workspaceId: string): boolean {
    return creatorPrincipal({ createdBy: userId, workspaceId, name: '', tokenId: '' }, deps.members) !== null;
  }

  function assertCron(cron: string, timezone: string): void {
    const check = checkCron(cron, timezone);
    if (!check.ok) throw new HttpError(422, ErrorCodes.scheduleInvalid, check.reason, { cron, timezone });
  }

  async function own(workspaceId: string, workflowId: string, scheduleId: string): Promise<ScheduleRow> {
    const row = await repo.get(scheduleId);
    if (!row || row.workspaceId !== workspaceId || row.workflowId !== workflowId)
      throw new HttpError(404, ErrorCodes.notFound, `schedule ${scheduleId} not found`);
    return row;
  }

  return {
    async create(principal, workspaceId, workflowId, body) {
      assertCron(body.cron, body.timezone);
      const at = now();
      const row = await repo.create({
        id: newId(),
        workspaceId,
        workflowId,
        name: body.name,
        cron: body.cron,
        timezone: body.timezone,
        overlap: body.overlap,
        inputs: body.inputs,
        paused: body.paused,
        createdBy: actorIdOf(principal),
        createdAt: at,
        updatedAt: at,
      });
      try {
        if (!row.paused) await ticks.put(row);
      } catch (error) {
        await repo.delete(workspaceId, workflowId, row.id);
        throw error;
      }
      await deps.audit.record({
        workspaceId,
        actor: principal,
        kind: 'schedule.created',
        target: row.id,
        details: { name: row.name, workflowId, cron: row.cron, timezone: row.timezone, overlap: row.overlap },
      });
      return toView(row);
    },

    async list(workspaceId, workflowId) {
      return (await repo.list(workspaceId, workflowId)).map(toView);
    },

    async update(principal, workspaceId, workflowId, scheduleId, body) {
      const before = await own(workspaceId, workflowId, scheduleId);
      assertCron(body.cron ?? before.cron, body.timezone ?? before.timezone);
      // Whoever changes what or when it runs becomes who it runs as: an editor cannot make the schedule
      // run their inputs as someone else (an owner) — and must be allowed to run the workflow themselves.
      const actorId = actorIdOf(principal);
      const takesOver = changesWhatRuns(before, body) && actorId !== before.createdBy;
      if (takesOver && !mayRun(actorId, workspaceId))
        throw new HttpError(
          403,
          ErrorCodes.forbidden,
          'you may not run this workflow, so a schedule cannot run it as you',
        );
      const patch = takesOver ? { ...body, createdBy: actorId } : body;
      const row = await repo.update(workspaceId, workflowId, scheduleId, patch, now());
      if (!row) throw new HttpError(404, ErrorCodes.notFound, `schedule ${scheduleId} not found`);
      if (row.paused) await ticks.remove(row.id);
      else await ticks.put(row);
      const { paused, ...rest } = body;
      const changed = Object.keys(rest).filter((k) => rest[k as keyof typeof rest] !== undefined);
      const details = { name: row.name, workflowId };
      if (changed.length > 0)
        await deps.audit.record({
          workspaceId,
          actor: principal,
          kind: 'schedule.updated',
          target: row.id,
          details: {
            ...details,
            changed,
            cron: row.cron,
            timezone: row.timezone,
            overlap: row.overlap,
            ...(takesOver ? { runsAs: row.createdBy, previousRunsAs: before.createdBy } : {}),
          },
        });
      if (paused !== undefined && paused !== before.paused)
        await deps.audit.record({
          workspaceId,
          actor: principal,
          kind: paused ? 'schedule.paused' : 'schedule.resumed',
          target: row.id,
          details,
        });
      return toView(row);
    },

    async remove(principal, workspaceId, workflowId, scheduleId) {
      const row = await own(workspaceId, workflowId, scheduleId);
      // Ticks first: a tick already queued finds no schedule and records nothing.
      await ticks.remove(scheduleId);
      await repo.delete(workspaceId, workflowId, scheduleId);
      await deps.audit.record({
        workspaceId,
        actor: principal,
        kind: 'schedule.deleted',
        target: scheduleId,
        details: { name: row.name, workflowId },
      });
    },

    async firings(workspaceId, workflowId, scheduleId) {
      await own(workspaceId, workflowId, scheduleId);
      return (await repo.listFirings(scheduleId, FIRINGS_LISTED)).map(
        ({ scheduleId: _, tickKey: __, ...f }) => f,
      );
    },

    preview(cron, timezone) {
      assertCron(cron, timezone);
      return previewCron(cron, timezone, now(), SCHEDULE_PREVIEW_COUNT);
    },

    async fire(scheduleId, tickKey) {
      const schedule = await repo.get(scheduleId);
      // Paused or deleted after pg-boss queued this tick.
      if (!schedule || schedule.paused) return null;
      const firedAt = now();
      const firingId = await repo.claimFiring({ id: newId(), scheduleId, tickKey, firedAt });
      if (!firingId) return null;
      const claimed = { id: firingId, scheduleId, tickKey, firedAt };
      const settle = async (
        status: 'started' | 'skipped' | 'refused' | 'failed',
        runId: string | null,
        error: string | null,
      ): Promise<ScheduleFiring> => {
        await repo.settleFiring(claimed.id, { status, runId, error });
        deps.logger.info({ scheduleId, runId, status }, 'schedule tick');
        return { ...claimed, status, runId, error };
      };

      const principal = creatorPrincipal(
        { ...schedule, name: `${schedule.name} (schedule)`, tokenId: `schedule:${schedule.id}` },
        deps.members,
      );
      if (!principal)
        return settle('refused', null, "the schedule's creator can no longer run this workflow");
      const trigger = `schedule:${schedule.id}`;
      if (schedule.overlap === 'skip') {
        const active = await repo.activeRunOf(schedule.workspaceId, trigger);
        if (active) return settle('skipped', active, 'the previous run of this schedule is still going');
      }
      try {
        const { run } = await deps.runApi.start({
          principal,
          workspaceId: schedule.workspaceId,
          workflowId: schedule.workflowId,
          inputs: schedule.inputs,
          version: 'published',
          trigger,
          // A retried tick whose first handler died after starting the run gets that run back, not a second.
          idempotencyKey: `tick:${tickKey}`,
        });
        return settle('started', run.runId, null);
      } catch (error) {
        if (error instanceof HttpError) return settle('failed', null, error.message);
        // Unexpected (the database blinked): pg-boss retries the job, which retakes this pending firing.
        deps.logger.error({ err: error, scheduleId }, 'schedule tick failed; pg-boss will retry it');
        throw error;
      }
    },

    async reconcile() {
      const active = await repo.listActive();
      const wanted = new Set(active.map((s) => s.id));
      for (const s of active) await ticks.put(s);
      for (const key of await ticks.keys()) if (!wanted.has(key)) await ticks.remove(key);
    },
  };
}
