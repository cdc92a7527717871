-- The run API ([run-api], issue 13). A token's scope caps what it may do: `read` acts as a viewer at
-- most, `run` as an editor at most, and never more than its creator's current role. Tokens made before
-- scopes could start runs through the MCP endpoint, so they keep `run`.
alter table api_tokens add column scope text not null default 'run';

-- Idempotency keys of run starts: the same key from the same caller (an API token, or a user) within
-- 24 hours answers with the same run. `run_id` is null while the first request is still starting it;
-- `workflow_id` is the workflow the key was used for (the key reused for another one is refused).
create table run_idempotency_keys (
  workspace_id text not null references workspaces (id) on delete cascade,
  caller text not null,
  idempotency_key text not null,
  workflow_id text not null,
  run_id text,
  created_at_ms bigint not null,
  primary key (workspace_id, caller, idempotency_key)
);
create index run_idempotency_keys_created_idx on run_idempotency_keys (created_at_ms);
