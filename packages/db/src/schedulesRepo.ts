import type { Sql } from './Sql';

export type ScheduleOverlap = 'skip' | 'queue';
export type ScheduleFiringStatus = 'pending' | 'started' | 'skipped' | 'refused' | 'failed';

export interface ScheduleRow {
  id: string;
  workspaceId: string;
  workflowId: string;
  name: string;
  /** Five-field cron expression, evaluated in `timezone`. */
  cron: string;
  /** IANA time zone name (`Europe/Paris`, `UTC`). */
  timezone: string;
  overlap: ScheduleOverlap;
  /** The run inputs every tick starts the workflow with. */
  inputs: Record<string, string | number | boolean>;
  paused: boolean;
  /**
   * The user the schedule runs as (column `created_by`): its creator, then whoever last changed what or
   * when it runs (inputs, cron, time zone, overlap), so no editor makes it run as someone else.
   */
  createdBy: string;
  /** That user's name (read from `users`; null when the account is gone). Ignored on create. */
  createdByName?: string | null;
  createdAt: number;
  updatedAt: number;
}

export type SchedulePatch = Partial<
  Pick<ScheduleRow, 'name' | 'cron' | 'timezone' | 'overlap' | 'inputs' | 'paused' | 'createdBy'>
>;

export interface ScheduleFiring {
  id: string;
  scheduleId: string;
  /** The pg-boss job id of the tick. */
  tickKey: string;
  firedAt: number;
  status: ScheduleFiringStatus;
  runId: string | null;
  error: string | null;
}

export interface SchedulesRepo {
  create(row: ScheduleRow): Promise<ScheduleRow>;
  get(id: string): Promise<ScheduleRow | null>;
  list(workspaceId: string, workflowId: string): Promise<ScheduleRow[]>;
  /** Every schedule that is not paused, in every workspace: what pg-boss should hold. */
  listActive(): Promise<ScheduleRow[]>;
  /** The updated row, or null when the schedule is not this workflow's. */
  update(
    workspaceId: string,
    workflowId: string,
    id: string,
    patch: SchedulePatch,
    now: number,
  ): Promise<ScheduleRow | null>;
  /** True when a schedule of this workflow was deleted. */
  delete(workspaceId: string, workflowId: string, id: string): Promise<boolean>;
  /**
   * Records a tick as `pending` and returns its firing id. A tick (schedule, tick key) recorded before — the
   * same pg-boss job handed out again — returns the first firing's id while it is still `pending` (its
   * handler died; the run start's idempotency key keeps it to one run), and null once it was settled.
   */
  claimFiring(firing: Omit<ScheduleFiring, 'status' | 'runId' | 'error'>): Promise<string | null>;
  settleFiring(
    id: string,
    outcome: { status: Exclude<ScheduleFiringStatus, 'pending'>; runId: string | null; error: string | null },
  ): Promise<void>;
  /** Newest first. */
  listFirings(scheduleId: string, limit: number): Promise<ScheduleFiring[]>;
  /** A run started by `trigger` that has not finished (queued, running, or waiting at an approval), if any. */
  activeRunOf(workspaceId: string, trigger: string): Promise<string | null>;
}

const COLUMNS = `id, workspace_id as "workspaceId", workflow_id as "workflowId", name, cron, timezone, overlap,
  inputs, paused, created_by as "createdBy",
  (select u.name from users u where u.id = schedules.created_by) as "createdByName",
  created_at_ms as "createdAt", updated_at_ms as "updatedAt"`;

const FIRING_COLUMNS = `id, schedule_id as "scheduleId", tick_key as "tickKey", fired_at_ms as "firedAt", status,
  run_id as "runId", error`;

type Record_ = ScheduleRow & Record<string, unknown>;
type FiringRecord = ScheduleFiring & Record<string, unknown>;

const PATCHABLE: Record<keyof SchedulePatch, string> = {
  name: 'name',
  cron: 'cron',
  timezone: 'timezone',
  overlap: 'overlap',
  inputs: 'inputs',
  paused: 'paused',
  createdBy: 'created_by',
};

/** Schedules and their firings ([triggers] issue 14); the ticks themselves live in pg-boss (ADR 0018). */
export function createSchedulesRepo(sql: Sql): SchedulesRepo {
  return {
    async create(s) {
      const [row] = await sql.query<Record_>(
        `insert into schedules (id, workspace_id, workflow_id, name, cron, timezone, overlap, inputs, paused,
           created_by, created_at_ms, updated_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         returning ${COLUMNS}`,
        [
          s.id,
          s.workspaceId,
          s.workflowId,
          s.name,
          s.cron,
          s.timezone,
          s.overlap,
          s.inputs,
          s.paused,
          s.createdBy,
          s.createdAt,
          s.updatedAt,
        ],
      );
      return row!;
    },
    async get(id) {
      const [row] = await sql.query<Record_>(`select ${COLUMNS} from schedules where id = $1`, [id]);
      return row ?? null;
    },
    async list(workspaceId, workflowId) {
      return sql.query<Record_>(
        `select ${COLUMNS} from schedules where workspace_id = $1 and workflow_id = $2
         order by created_at_ms, id`,
        [workspaceId, workflowId],
      );
    },
    async listActive() {
      return sql.query<Record_>(`select ${COLUMNS} from schedules where not paused order by id`);
    },
    async update(workspaceId, workflowId, id, patch, now) {
      const sets: string[] = [];
      const values: unknown[] = [workspaceId, workflowId, id, now];
      for (const [key, column] of Object.entries(PATCHABLE) as [keyof SchedulePatch, string][]) {
        if (patch[key] === undefined) continue;
        values.push(patch[key]);
        sets.push(`${column} = $${values.length}`);
      }
      const [row] = await sql.query<Record_>(
        `update schedules set ${[...sets, 'updated_at_ms = $4'].join(', ')}
         where workspace_id = $1 and workflow_id = $2 and id = $3 returning ${COLUMNS}`,
        values,
      );
      return row ?? null;
    },
    async delete(workspaceId, workflowId, id) {
      const rows = await sql.query(
        'delete from schedules where workspace_id = $1 and workflow_id = $2 and id = $3 returning id',
        [workspaceId, workflowId, id],
      );
      return rows.length > 0;
    },
    async claimFiring(f) {
      const [inserted] = await sql.query<{ id: string }>(
        `insert into schedule_firings (id, schedule_id, tick_key, fired_at_ms, status)
         values ($1, $2, $3, $4, 'pending') on conflict (schedule_id, tick_key) do nothing returning id`,
        [f.id, f.scheduleId, f.tickKey, f.firedAt],
      );
      if (inserted) return inserted.id;
      const [pending] = await sql.query<{ id: string }>(
        `select id from schedule_firings where schedule_id = $1 and tick_key = $2 and status = 'pending'`,
        [f.scheduleId, f.tickKey],
      );
      return pending?.id ?? null;
    },
    async settleFiring(id, outcome) {
      await sql.query('update schedule_firings set status = $2, run_id = $3, error = $4 where id = $1', [
        id,
        outcome.status,
        outcome.runId,
        outcome.error,
      ]);
    },
    async listFirings(scheduleId, limit) {
      return sql.query<FiringRecord>(
        `select ${FIRING_COLUMNS} from schedule_firings where schedule_id = $1
         order by fired_at_ms desc, id desc limit $2`,
        [scheduleId, limit],
      );
    },
    async activeRunOf(workspaceId, trigger) {
      const [row] = await sql.query<{ id: string }>(
        `select id from runs where workspace_id = $1 and trigger = $2 and status in ('queued', 'running', 'waiting')
         order by created_at_ms desc limit 1`,
        [workspaceId, trigger],
      );
      return row?.id ?? null;
    },
  };
}
