import { masterKeyOf, openSecret, rewrapDataKey, sealSecret } from './envelope';
import { hashToken } from './hashToken';
import type { MasterKeyring } from './masterKeyring';
import type { Sql } from './Sql';

export interface TwoFactorState {
  /** The base32 TOTP secret, decrypted. */
  secret: string;
  enabled: boolean;
  /** The last time step a code was accepted for, or null. */
  lastUsedStep: number | null;
}

/**
 * TOTP secrets (envelope-encrypted under the master keyring), their replay guard, one-time recovery codes
 * (SHA-256 digests) and the per-workspace requirement. The secret's plaintext exists only in `get`'s value.
 */
export interface TwoFactorRepo {
  /** Stores a new pending secret (replacing a pending one); an enabled one is left alone (returns false). */
  savePending(userId: string, secret: string): Promise<boolean>;
  get(userId: string): Promise<TwoFactorState | null>;
  isEnabled(userId: string): Promise<boolean>;
  /** Turns the pending secret on with `step` as used, replacing any recovery codes with these. */
  enable(userId: string, step: number, recoveryCodes: readonly string[]): Promise<boolean>;
  /** Removes the secret and the recovery codes. */
  disable(userId: string): Promise<void>;
  /** Atomically records `step` as used; false when it (or a later one) was already used. */
  claimStep(userId: string, step: number): Promise<boolean>;
  /** Consumes a recovery code; false when it is unknown or was used. */
  useRecoveryCode(userId: string, code: string): Promise<boolean>;
  remainingRecoveryCodes(userId: string): Promise<number>;
  workspaceRequires(workspaceId: string): Promise<boolean>;
  /** Every workspace that requires 2FA, for the in-memory policy cache. */
  workspacesRequiring(): Promise<string[]>;
  setWorkspaceRequirement(workspaceId: string, required: boolean): Promise<void>;
  /** Rewraps every secret's data key not yet wrapped with `newKeyId` (master key rotation). */
  rotate(newKeyId: string): Promise<{ rewrapped: number }>;
}

interface SecretRow extends Record<string, unknown> {
  masterKeyId: string;
  wrappedDataKey: Uint8Array;
  ciphertext: Uint8Array;
  enabledAt: number | null;
  lastUsedStep: number | string | null;
}

// Binds the ciphertext to its user: a row copied to another account does not decrypt.
const rowId = (userId: string) => `2fa:${userId}`;
const secretAad = (userId: string) => `synapse/totp-secret/v1\0${userId}`;

/** Recovery codes are compared without case or separators, as people type them. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

export function createTwoFactorRepo(
  sql: Sql,
  opts: { masterKeys: MasterKeyring; now?: () => number },
): TwoFactorRepo {
  const now = opts.now ?? Date.now;
  const ring = opts.masterKeys;
  return {
    async savePending(userId, secret) {
      const sealed = sealSecret(ring, rowId(userId), secret, secretAad(userId));
      const rows = await sql.query(
        `insert into user_two_factor (user_id, master_key_id, wrapped_data_key, ciphertext, created_at_ms)
         values ($1, $2, $3, $4, $5)
         on conflict (user_id) do update set master_key_id = excluded.master_key_id,
           wrapped_data_key = excluded.wrapped_data_key, ciphertext = excluded.ciphertext,
           created_at_ms = excluded.created_at_ms, last_used_step = null
         where user_two_factor.enabled_at_ms is null
         returning user_id`,
        [userId, sealed.masterKeyId, sealed.wrappedDataKey, sealed.ciphertext, now()],
      );
      return rows.length === 1;
    },

    async get(userId) {
      const [row] = await sql.query<SecretRow>(
        `select master_key_id as "masterKeyId", wrapped_data_key as "wrappedDataKey", ciphertext,
           enabled_at_ms as "enabledAt", last_used_step as "lastUsedStep"
         from user_two_factor where user_id = $1`,
        [userId],
      );
      if (!row) return null;
      return {
        secret: openSecret(ring, rowId(userId), row, secretAad(userId)),
        enabled: row.enabledAt !== null,
        lastUsedStep: row.lastUsedStep === null ? null : Number(row.lastUsedStep),
      };
    },

    async isEnabled(userId) {
      const rows = await sql.query(
        'select 1 from user_two_factor where user_id = $1 and enabled_at_ms is not null',
        [userId],
      );
      return rows.length === 1;
    },

    async enable(userId, step, recoveryCodes) {
      return sql.transaction(async (tx) => {
        const rows = await tx.query(
          `update user_two_factor set enabled_at_ms = $2, last_used_step = $3
           where user_id = $1 and enabled_at_ms is null returning user_id`,
          [userId, now(), step],
        );
        if (rows.length !== 1) return false;
        await tx.query('delete from user_recovery_codes where user_id = $1', [userId]);
        for (const code of recoveryCodes)
          await tx.query('insert into user_recovery_codes (user_id, code_hash) values ($1, $2)', [
            userId,
            hashToken(normalizeRecoveryCode(code)),
          ]);
        return true;
      });
    },

    async disable(userId) {
      await sql.transaction(async (tx) => {
        await tx.query('delete from user_recovery_codes where user_id = $1', [userId]);
        await tx.query('delete from user_two_factor where user_id = $1', [userId]);
      });
    },

    async claimStep(userId, step) {
      const rows = await sql.query(
        `update user_two_factor set last_used_step = $2
         where user_id = $1 and enabled_at_ms is not null and (last_used_step is null or last_used_step < $2)
         returning user_id`,
        [userId, step],
      );
      return rows.length === 1;
    },

    async useRecoveryCode(userId, code) {
      const rows = await sql.query(
        `update user_recovery_codes set used_at_ms = $3
         where user_id = $1 and code_hash = $2 and used_at_ms is null returning user_id`,
        [userId, hashToken(normalizeRecoveryCode(code)), now()],
      );
      return rows.length === 1;
    },

    async remainingRecoveryCodes(userId) {
      const [row] = await sql.query<{ n: number }>(
        'select count(*)::int as n from user_recovery_codes where user_id = $1 and used_at_ms is null',
        [userId],
      );
      return row?.n ?? 0;
    },

    async workspaceRequires(workspaceId) {
      const [row] = await sql.query<{ required: boolean }>(
        'select require_2fa as required from workspaces where id = $1',
        [workspaceId],
      );
      return row?.required === true;
    },

    async workspacesRequiring() {
      const rows = await sql.query<{ id: string }>('select id from workspaces where require_2fa order by id');
      return rows.map((r) => r.id);
    },

    async setWorkspaceRequirement(workspaceId, required) {
      await sql.query('update workspaces set require_2fa = $2 where id = $1', [workspaceId, required]);
    },

    async rotate(newKeyId) {
      masterKeyOf(ring, newKeyId);
      // One row per account that enrolled: few enough for one transaction.
      return sql.transaction(async (tx) => {
        const rows = await tx.query<{ userId: string; masterKeyId: string; wrappedDataKey: Uint8Array }>(
          `select user_id as "userId", master_key_id as "masterKeyId", wrapped_data_key as "wrappedDataKey"
           from user_two_factor where master_key_id <> $1 for update`,
          [newKeyId],
        );
        for (const row of rows)
          await tx.query(
            'update user_two_factor set master_key_id = $2, wrapped_data_key = $3 where user_id = $1',
            [row.userId, newKeyId, rewrapDataKey(ring, rowId(row.userId), row, newKeyId)],
          );
        return { rewrapped: rows.length };
      });
    },
  };
}
