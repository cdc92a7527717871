-- Durable runs: a fencing token per run (bumped by every runner that claims it), cancel requests,
-- deadlines, cost, and one checkpoint per finished node so a re-delivered run reuses finished work.

alter table runs add column fencing_token bigint not null default 0;
alter table runs add column lease_owner text;
alter table runs add column cancel_requested_at_ms bigint;
alter table runs add column deadline_at_ms bigint;
alter table runs add column cost_usd double precision;

create index runs_active_idx on runs (deadline_at_ms) where status in ('queued', 'running');

create table run_node_checkpoints (
  run_id text not null references runs (id) on delete cascade,
  node_id text not null,
  status text not null check (status in ('succeeded', 'failed', 'skipped', 'cancelled')),
  output text not null,
  branch text,
  attempt int not null,
  provider text,
  model text,
  input_tokens int not null default 0,
  output_tokens int not null default 0,
  cost_usd double precision,
  error text,
  started_at_ms bigint,
  finished_at_ms bigint not null,
  fencing_token bigint not null,
  primary key (run_id, node_id)
);
