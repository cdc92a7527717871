-- [polish] Memory bank usage: one row per agent read (search) or write, for the Analytics page. A read
-- keeps the ids of the entries it found (empty when it found nothing); a write, the entry it created.
-- Rows outlive the entries they name (a deleted entry still counted when it was used) and carry the
-- run, whose workflow the report groups by.
create table memory_usage_events (
  id bigserial primary key,
  workspace_id text not null references workspaces (id) on delete cascade,
  run_id text,
  node_id text,
  kind text not null check (kind in ('read', 'write')),
  entry_ids text[] not null default '{}',
  at_ms bigint not null
);
create index memory_usage_events_workspace_idx on memory_usage_events (workspace_id, at_ms);
