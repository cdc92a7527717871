-- Draft and published ([run-api] issue 13): at most one saved version per workflow is published, the
-- one automation runs by default. Runs record how their version was chosen and its name, so history
-- can say "Published version <name>" without reading the version.
create table published_versions (
  workspace_id text not null,
  workflow_id text not null,
  version_id text not null references workflow_versions (id),
  published_by text not null,
  published_at_ms bigint not null,
  primary key (workspace_id, workflow_id)
);
alter table runs add column version_source text;
alter table runs add column version_name text;
