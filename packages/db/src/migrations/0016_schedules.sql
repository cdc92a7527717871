-- Schedules ([triggers] issue 14). A schedule runs its workflow's published version as its creator (at the
-- creator's current role, like a webhook) on every tick of a cron expression in an IANA time zone. The
-- ticks themselves are pg-boss's (its `schedule` table, key = the schedule's id, ADR 0018); this row is what
-- the API shows and what a tick reads: the inputs, the overlap policy and whether it is paused.
create table schedules (
  id text primary key,
  workspace_id text not null references workspaces (id) on delete cascade,
  workflow_id text not null,
  name text not null,
  cron text not null,
  timezone text not null,
  -- 'skip': a tick while the previous run of this schedule is queued or running starts nothing; 'queue': it
  -- starts another run anyway.
  overlap text not null,
  inputs jsonb not null,
  paused boolean not null default false,
  created_by text not null,
  created_at_ms bigint not null,
  updated_at_ms bigint not null
);
create index schedules_workflow_idx on schedules (workspace_id, workflow_id);

-- Every tick a schedule received, whatever became of it. `tick_key` is the pg-boss job id of the tick, so a
-- job pg-boss hands out again (a retry after a crash) is recognised and starts nothing twice.
create table schedule_firings (
  id text primary key,
  schedule_id text not null references schedules (id) on delete cascade,
  tick_key text not null,
  fired_at_ms bigint not null,
  -- 'pending' while the tick is being handled, then 'started', 'skipped' (overlap), 'refused' (the creator
  -- may no longer run it) or 'failed' (the run could not start: no published version, invalid inputs, …).
  status text not null,
  run_id text,
  error text,
  unique (schedule_id, tick_key)
);
create index schedule_firings_schedule_idx on schedule_firings (schedule_id, fired_at_ms desc);

-- The overlap check: is a run this trigger started still queued or running?
create index runs_trigger_active_idx on runs (trigger) where status in ('queued', 'running');
