-- Human approval nodes (ADR 0023): a run parks as 'waiting' with no runner holding it; the request and
-- its first decision live here, so a decision survives every restart and two decisions cannot both win.
-- waiting_since_ms lets the resume push the run's deadline by the time it spent waiting.

create table run_approvals (
  run_id text not null references runs (id) on delete cascade,
  node_id text not null,
  requested_at_ms bigint not null,
  timeout_at_ms bigint,
  decision text check (decision in ('approved', 'rejected', 'timeout')),
  value text,
  comment text,
  decided_by text,
  decided_by_name text,
  decided_at_ms bigint,
  primary key (run_id, node_id)
);

alter table runs add column waiting_since_ms bigint;
