-- Two-factor authentication (TOTP, RFC 6238) with one-time recovery codes, and the per-workspace
-- requirement. The TOTP secret is envelope-encrypted like provider keys (a random data key under the
-- current master key); recovery codes are stored as SHA-256 digests only.
create table user_two_factor (
  user_id text primary key references users (id) on delete cascade,
  master_key_id text not null,
  -- iv(12) | AES-256-GCM(master key, data key)(32) | tag(16)
  wrapped_data_key bytea not null,
  -- iv(12) | AES-256-GCM(data key, base32 secret) | tag(16)
  ciphertext bytea not null,
  created_at_ms bigint not null,
  -- Null while enrolment waits for its first valid code.
  enabled_at_ms bigint,
  -- The last 30-second step a code was accepted for: a code (or an earlier one) is never accepted twice.
  last_used_step bigint
);

create table user_recovery_codes (
  user_id text not null references users (id) on delete cascade,
  code_hash text not null,
  used_at_ms bigint,
  primary key (user_id, code_hash)
);

-- Whether the session was completed with a second factor (a workspace that requires 2FA checks this).
alter table sessions add column mfa boolean not null default false;

alter table workspaces add column require_2fa boolean not null default false;
