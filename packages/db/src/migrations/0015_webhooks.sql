-- Webhook triggers ([triggers] issue 14). A webhook runs its workflow's published version as its creator
-- (at the creator's current role) when a request reaches its URL, whose unguessable token is stored only
-- as its SHA-256 digest (like API tokens); `id` is the webhook's public name in the API. `inputs` maps run inputs to
-- templates over the request (`{{body.issue.title}}`). The signing secret is kept to verify signatures.
create table webhooks (
  id text primary key,
  token_hash text not null unique,
  token_hint text not null,
  workspace_id text not null references workspaces (id) on delete cascade,
  workflow_id text not null,
  name text not null,
  inputs jsonb not null,
  signature text not null,
  signature_header text,
  secret text,
  respond text not null,
  created_by text not null,
  created_at_ms bigint not null
);
create index webhooks_workflow_idx on webhooks (workspace_id, workflow_id);

-- Delivery ids seen per webhook: a replayed id answers with the first delivery's run. `run_id` is null
-- while the first delivery is still starting its run.
create table webhook_delivery_keys (
  webhook_id text not null references webhooks (id) on delete cascade,
  delivery_key text not null,
  run_id text,
  created_at_ms bigint not null,
  primary key (webhook_id, delivery_key)
);

-- Every request that reached a webhook, refused or not.
create table webhook_deliveries (
  id text primary key,
  webhook_id text not null references webhooks (id) on delete cascade,
  received_at_ms bigint not null,
  delivery_key text,
  status text not null,
  http_status integer not null,
  run_id text,
  error text
);
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, received_at_ms desc);

-- Which trigger started a run: 'manual', 'api', 'webhook:<id>'; null on runs from before it was recorded.
alter table runs add column trigger text;
