-- Foundation: workspaces, users, the Yjs update log + snapshots, immutable workflow versions, runs.
-- Times are epoch milliseconds in bigint `*_at_ms` columns.

create table workspaces (
  id text primary key,
  name text not null,
  created_at_ms bigint not null
);

create table users (
  id text primary key,
  name text not null,
  created_at_ms bigint not null
);

-- Append-only log of Yjs V1 updates; compaction folds rows into ydoc_snapshots and deletes exactly
-- those rows. One sequence for all documents; only its order within a document matters.
create table ydoc_updates (
  doc_name text not null,
  seq bigserial not null,
  update bytea not null,
  created_at_ms bigint not null,
  primary key (doc_name, seq)
);

-- Compacted full state (Yjs V2).
create table ydoc_snapshots (
  doc_name text primary key,
  state bytea not null,
  updated_at_ms bigint not null,
  byte_size int not null
);

create table workflow_versions (
  id text primary key,
  workspace_id text not null,
  workflow_id text not null,
  state bytea not null,
  graph jsonb not null,
  reason text not null check (reason in ('run', 'manual')),
  created_by text not null,
  created_at_ms bigint not null
);

create table runs (
  id text primary key,
  workspace_id text not null,
  workflow_id text not null,
  version_id text not null references workflow_versions (id),
  status text not null,
  requested_by text not null,
  inputs jsonb not null,
  error text,
  input_tokens int not null default 0,
  output_tokens int not null default 0,
  created_at_ms bigint not null,
  started_at_ms bigint,
  finished_at_ms bigint
);

create index runs_workflow_created_idx on runs (workflow_id, created_at_ms desc);
