-- Named versions: "save version" stores a manual version with a name (run versions have none), and the
-- editor lists a workflow's versions newest first, each run version with the run that froze it.
alter table workflow_versions add column name text;
create index workflow_versions_workflow_created_idx
  on workflow_versions (workspace_id, workflow_id, created_at_ms desc, id desc);
create index runs_version_idx on runs (version_id);
