-- [tools] MCP servers per workspace, the memory bank and workspace API tokens.

-- An MCP server a workspace may use. HTTP servers keep their URL here; their optional auth header value
-- lives encrypted in provider_keys (provider `mcp-header:<id>`, base URL = this URL, so the ciphertext is
-- bound to it). Stdio servers name an entry of the operator's allow-list: the command is never stored.
create table mcp_servers (
  id text primary key,
  workspace_id text not null references workspaces (id) on delete cascade,
  name text not null,
  transport text not null check (transport in ('http', 'stdio')),
  url text,
  stdio_entry text,
  header_name text,
  header_key_id text,
  created_by text not null,
  created_at_ms bigint not null,
  check ((transport = 'http' and url is not null) or (transport = 'stdio' and stdio_entry is not null))
);
create index mcp_servers_workspace_idx on mcp_servers (workspace_id, created_at_ms);

-- The memory bank: entries agents write after a node and read (full-text ranked) before one.
create table memory_entries (
  id text primary key,
  workspace_id text not null references workspaces (id) on delete cascade,
  content text not null,
  -- Which run and node wrote it (null when a person wrote or edited it by hand).
  run_id text,
  node_id text,
  created_by text not null,
  created_at_ms bigint not null,
  updated_at_ms bigint not null,
  search tsvector generated always as (to_tsvector('english', content)) stored
);
create index memory_entries_workspace_idx on memory_entries (workspace_id, created_at_ms desc);
create index memory_entries_search_idx on memory_entries using gin (search);

-- Workspace API tokens (the MCP endpoint): only a hash is stored; revoked tokens stay for the audit trail.
create table api_tokens (
  id text primary key,
  workspace_id text not null references workspaces (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  hint text not null,
  created_by text not null,
  created_at_ms bigint not null,
  last_used_at_ms bigint,
  revoked_at_ms bigint
);
create index api_tokens_workspace_idx on api_tokens (workspace_id, created_at_ms);

-- Workflows a workspace publishes on its MCP endpoint, one tool each.
create table published_workflows (
  workspace_id text not null references workspaces (id) on delete cascade,
  workflow_id text not null,
  tool_name text not null,
  description text not null,
  published_by text not null,
  published_at_ms bigint not null,
  primary key (workspace_id, workflow_id),
  unique (workspace_id, tool_name)
);
