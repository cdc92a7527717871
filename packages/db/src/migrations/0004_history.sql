-- Run history across a workspace, newest first, filtered by workflow, status or who started it; and
-- per-model analytics read from the node checkpoints.
create index runs_workspace_created_idx on runs (workspace_id, created_at_ms desc, id desc);
create index run_node_checkpoints_finished_idx on run_node_checkpoints (finished_at_ms);
