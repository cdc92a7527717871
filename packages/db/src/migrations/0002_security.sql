-- Security: accounts, sessions, workspace memberships and invites, encrypted provider keys, audit log.
-- Secrets are never stored in the clear: passwords as scrypt hashes, session and invite tokens as
-- SHA-256 digests, provider keys AES-256-GCM encrypted under a per-key data key (envelope encryption).

-- Accounts extend the foundation's users table. A row without a password_hash is not an account
-- (the foundation's dev user, the runner); only accounts can sign in.
alter table users add column email text;
alter table users add column password_hash text;
create unique index users_email_idx on users (email) where email is not null;

create table sessions (
  -- Public id, carried in sync tokens so a logout can find and close that session's connections.
  id text primary key,
  -- SHA-256 of the cookie value; the value itself exists only in the browser.
  token_hash text not null unique,
  user_id text not null references users (id) on delete cascade,
  created_at_ms bigint not null,
  last_seen_at_ms bigint not null,
  expires_at_ms bigint not null
);
create index sessions_user_idx on sessions (user_id);

create table memberships (
  workspace_id text not null references workspaces (id) on delete cascade,
  user_id text not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'editor', 'viewer')),
  created_at_ms bigint not null,
  primary key (workspace_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table invites (
  id text primary key,
  token_hash text not null unique,
  workspace_id text not null references workspaces (id) on delete cascade,
  role text not null check (role in ('owner', 'editor', 'viewer')),
  created_by text not null,
  created_at_ms bigint not null,
  expires_at_ms bigint not null,
  accepted_by text,
  accepted_at_ms bigint,
  revoked_at_ms bigint
);
create index invites_workspace_idx on invites (workspace_id, created_at_ms desc);

create table provider_keys (
  id text primary key,
  workspace_id text not null references workspaces (id) on delete cascade,
  provider text not null,
  label text not null,
  -- Bound into the ciphertext's associated data: a row whose base_url was changed no longer decrypts.
  base_url text not null,
  hint text not null,
  -- Which master key wraps this row's data key; `rotate` rewraps and updates it.
  master_key_id text not null,
  -- iv(12) | AES-256-GCM(master key, data key)(32) | tag(16)
  wrapped_data_key bytea not null,
  -- iv(12) | AES-256-GCM(data key, api key) | tag(16)
  ciphertext bytea not null,
  created_by text not null,
  created_at_ms bigint not null,
  last_used_at_ms bigint
);
create index provider_keys_workspace_idx on provider_keys (workspace_id, provider, created_at_ms);

create table audit_events (
  id bigserial primary key,
  -- null for events about an account rather than a workspace (sign-in).
  workspace_id text,
  actor_id text not null,
  actor_name text not null,
  kind text not null,
  target text,
  details jsonb not null default '{}'::jsonb,
  created_at_ms bigint not null
);
create index audit_events_workspace_idx on audit_events (workspace_id, created_at_ms desc);
create index audit_events_actor_idx on audit_events (actor_id, created_at_ms desc);
