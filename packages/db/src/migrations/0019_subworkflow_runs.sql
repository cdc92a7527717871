-- Sub-workflow runs (ADR 0024): a Sub-workflow node's child run is a run of its own, linked to the run and
-- node that called it. The unique index makes "a node never starts two children" a database fact (a
-- resumed runner asking again finds the first child) and serves the parent → children lookups. Child runs
-- carry the trigger 'subworkflow:<parent run id>', so history and analytics can say "called by".
alter table runs add column parent_run_id text references runs (id) on delete cascade;
alter table runs add column parent_node_id text;
alter table runs add constraint runs_parent_link check ((parent_run_id is null) = (parent_node_id is null));
create unique index runs_parent_node_idx on runs (parent_run_id, parent_node_id) where parent_run_id is not null;
