-- Audit retention ([enterprise] issue 17): how long a workspace keeps its audit events, in days; null keeps
-- them forever (the default, so an upgrade deletes nothing an owner did not ask to delete).
alter table workspaces add column audit_retention_days integer;
alter table workspaces add constraint workspaces_audit_retention_days_check
  check (audit_retention_days is null or audit_retention_days > 0);
-- The pruning job deletes by workspace and age; account events (no workspace) by actor and age.
create index audit_events_account_idx on audit_events (actor_id, created_at_ms) where workspace_id is null;
