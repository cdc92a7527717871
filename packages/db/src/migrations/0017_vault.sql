-- Workspace secrets vault ([triggers] issue 14, ADR 0019): values an HTTP request node references by name
-- (`GITHUB_TOKEN`), never stored in a document. Sealed like provider keys: a random data key per value
-- (AES-256-GCM), wrapped by the master key `master_key_id` names; the associated data binds both to the
-- workspace and name, so a ciphertext moved to another row does not open. Values are write-only: the API
-- shows `hint` (at most the last 4 characters of a long value).
create table workspace_secrets (
  workspace_id text not null references workspaces (id) on delete cascade,
  name text not null,
  hint text not null,
  master_key_id text not null,
  -- iv(12) | AES-256-GCM(master key, data key)(32) | tag(16)
  wrapped_data_key bytea not null,
  -- iv(12) | AES-256-GCM(data key, value) | tag(16)
  ciphertext bytea not null,
  created_by text not null,
  created_at_ms bigint not null,
  updated_by text not null,
  updated_at_ms bigint not null,
  -- Set by readSecrets, once per run that reads the secret.
  last_used_at_ms bigint,
  primary key (workspace_id, name)
);

-- Webhook signing secrets, sealed under the master keyring like the vault's values. SQL cannot encrypt,
-- so the server seals the plaintext `secret` of rows made before this migration when it starts (and
-- `synapse keys rotate` does too), then clears it: `secret` stays only for those rows until then.
alter table webhooks add column secret_master_key_id text;
alter table webhooks add column secret_wrapped_data_key bytea;
alter table webhooks add column secret_ciphertext bytea;

-- A finished run's outputs (output node label → text), written by the runner when it ends the run, so
-- GET /api/v1/runs/{id} answers from the row instead of loading the run document. Null while the run is
-- active and on runs that ended before this migration (read from the document then).
alter table runs add column outputs jsonb;
