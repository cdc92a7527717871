import {
  ErrorCodes,
  isHostListWithin,
  isSecretName,
  MAX_SECRET_HOSTS,
  normalizeSecretHost,
  type ScopedSecret,
} from '@synapse/schema';
import { masterKeyOf, openSecret, rewrapDataKey, sealSecret } from './envelope';
import type { MasterKeyring } from './masterKeyring';
import type { Sql } from './Sql';

/** What may be shown about a secret: never its value. */
export interface SecretInfo {
  name: string;
  /** `…wxyz` (the last 4 characters) for a value of 16 or more characters, else `…`. */
  hint: string;
  createdBy: string;
  /** The creator's display name, when the account still exists. */
  createdByName: string | null;
  createdAt: number;
  updatedBy: string;
  updatedAt: number;
  /** When a run last read it (`readSecrets`). */
  lastUsedAt: number | null;
  /** The hosts HTTP request nodes may send it to (ADR 0028); empty: any host. */
  allowedHosts: string[];
}

/**
 * `create`: only a new name (null when it exists); `update`: only an existing one (null when missing);
 * `upsert` (the default): either.
 */
export type SecretPutMode = 'create' | 'update' | 'upsert';

export interface SecretPut {
  workspaceId: string;
  name: string;
  /** The value; only `mode: 'update'` may leave it out, keeping the stored one (resealed for new hosts). */
  value?: string;
  /**
   * Replaces the host list (normalised, duplicates dropped; see normalizeSecretHosts). Left out, a new
   * secret allows any host and an existing one keeps its list.
   */
  allowedHosts?: readonly string[];
  /**
   * Refuse (SecretHostsWidenedError) a list for an existing secret that allows a host its stored list does
   * not: whoever may only narrow cannot send someone else's secret somewhere new.
   */
  onlyNarrowHosts?: boolean;
  /** The user id recorded as creator (new) or last updater. */
  actorId: string;
  mode?: SecretPutMode;
}

export interface SecretPutResult {
  secret: SecretInfo;
  created: boolean;
  /** The host list before this put (null for a new secret), for the audit trail. */
  previousAllowedHosts: string[] | null;
}

export interface SecretsVault {
  /** Every secret of the workspace, by name. */
  list(workspaceId: string): Promise<SecretInfo[]>;
  /** Seals and stores a value; null when `mode` refused (see SecretPutMode). Throws on an invalid name/value. */
  put(input: SecretPut): Promise<SecretPutResult | null>;
  /** True when the secret existed. */
  remove(workspaceId: string, name: string): Promise<boolean>;
  /**
   * The named secrets' values, decrypted, with the hosts each may be sent to, for one run: call it once per
   * run with every name the run references. Records the use (`lastUsedAt`). Throws MissingSecretsError,
   * naming each missing name, when any is not in the vault (and then records nothing).
   */
  readSecrets(workspaceId: string, names: readonly string[]): Promise<Map<string, ScopedSecret>>;
  /** Rewraps every data key not yet wrapped with `newKeyId` (which must be in the keyring). */
  rotate(newKeyId: string): Promise<{ rewrapped: number }>;
}

/** A put with `onlyNarrowHosts` would have let an existing secret reach a host it could not reach before. */
export class SecretHostsWidenedError extends Error {
  constructor(
    readonly secretName: string,
    readonly before: readonly string[],
  ) {
    super(
      `only an owner may let ${secretName} reach hosts beyond ${before.join(', ')}; you may remove hosts from its list`,
    );
    this.name = 'SecretHostsWidenedError';
  }
}

/** A run referenced secrets the workspace's vault does not hold. */
export class MissingSecretsError extends Error {
  readonly code = ErrorCodes.secretsMissing;
  constructor(readonly names: readonly string[]) {
    super(`${ErrorCodes.secretsMissing}: not in the workspace vault: ${names.join(', ')}`);
    this.name = 'MissingSecretsError';
  }
}

/** The longest value the vault stores (a PEM key fits; a file does not). */
export const MAX_SECRET_BYTES = 16 * 1024;
const HINT_MIN_LENGTH = 16;

/** At most the last 4 characters, and only of a value long enough that they give nothing away. */
export function secretHint(value: string): string {
  const chars = [...value];
  return chars.length >= HINT_MIN_LENGTH ? `…${chars.slice(-4).join('')}` : '…';
}

/** Throws with the reason when the name or value cannot be stored. */
export function assertStorableSecret(name: string, value: string): void {
  if (!isSecretName(name))
    throw new Error(`invalid secret name ${JSON.stringify(name)}: a letter or _ first, then A–Z a–z 0–9 _`);
  if (value.length === 0) throw new Error('a secret value may not be empty');
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES)
    throw new Error(`a secret value may be at most ${MAX_SECRET_BYTES} bytes`);
}

/**
 * The stored form of a host list: each entry normalised (normalizeSecretHost), duplicates dropped, at
 * most MAX_SECRET_HOSTS. Throws with the reason otherwise.
 */
export function normalizeSecretHosts(entries: readonly string[]): string[] {
  const hosts: string[] = [];
  for (const entry of entries) {
    const host = normalizeSecretHost(entry);
    if (host === null)
      throw new Error(
        `${JSON.stringify(entry)} is not a host: give a name (api.example.com), *.example.com or an IP address, without a port`,
      );
    if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length > MAX_SECRET_HOSTS) throw new Error(`a secret may list at most ${MAX_SECRET_HOSTS} hosts`);
  return hosts;
}

// The row identity bound into both the wrapped data key and the ciphertext: a value copied to another
// workspace or name does not open. The host list is bound too (v2), so widening it in the database makes
// the value unreadable; a secret without a list keeps v1, which every row sealed before lists existed has.
const rowId = (workspaceId: string, name: string) => `vault:${workspaceId}\0${name}`;
const valueAad = (workspaceId: string, name: string, hosts: readonly string[]) =>
  hosts.length === 0
    ? `synapse/vault-secret/v1\0${workspaceId}\0${name}`
    : `synapse/vault-secret/v2\0${workspaceId}\0${name}\0${hosts.join('\0')}`;

interface SealedRow extends Record<string, unknown> {
  workspaceId: string;
  name: string;
  masterKeyId: string;
  wrappedDataKey: Uint8Array;
  ciphertext: Uint8Array;
  allowedHosts: string[];
}

const INFO = `s.name, s.hint, s.created_by as "createdBy", u.name as "createdByName",
  s.created_at_ms as "createdAt", s.updated_by as "updatedBy", s.updated_at_ms as "updatedAt",
  s.last_used_at_ms as "lastUsedAt", s.allowed_hosts as "allowedHosts"`;
const SEALED = `workspace_id as "workspaceId", name, master_key_id as "masterKeyId",
  wrapped_data_key as "wrappedDataKey", ciphertext, allowed_hosts as "allowedHosts"`;

type InfoRecord = SecretInfo & Record<string, unknown>;

/**
 * The workspace secrets vault (ADR 0019): values sealed with envelope encryption under the master
 * keyring, like provider keys; plaintext exists only in `readSecrets`' return value.
 */
export function createSecretsVault(
  sql: Sql,
  keyring: MasterKeyring,
  options: { now?: () => number } = {},
): SecretsVault {
  const now = options.now ?? Date.now;

  async function info(workspaceId: string, name: string): Promise<SecretInfo> {
    const [row] = await sql.query<InfoRecord>(
      `select ${INFO} from workspace_secrets s left join users u on u.id = s.created_by
       where s.workspace_id = $1 and s.name = $2`,
      [workspaceId, name],
    );
    if (!row) throw new Error(`secret ${name} vanished while being written`);
    return row;
  }

  return {
    async list(workspaceId) {
      return sql.query<InfoRecord>(
        `select ${INFO} from workspace_secrets s left join users u on u.id = s.created_by
         where s.workspace_id = $1 order by s.name`,
        [workspaceId],
      );
    },

    async put({ workspaceId, name, value, allowedHosts, onlyNarrowHosts, actorId, mode = 'upsert' }) {
      if (value !== undefined) assertStorableSecret(name, value);
      else if (mode !== 'update') throw new Error('a new secret needs a value');
      else if (!isSecretName(name)) throw new Error(`invalid secret name ${JSON.stringify(name)}`);
      const hosts = allowedHosts === undefined ? undefined : normalizeSecretHosts(allowedHosts);
      const row = await sql.transaction(async (tx) => {
        const [existing] = await tx.query<SealedRow>(
          `select ${SEALED} from workspace_secrets where workspace_id = $1 and name = $2 for update`,
          [workspaceId, name],
        );
        if (existing ? mode === 'create' : mode === 'update') return null;
        if (existing && hosts && onlyNarrowHosts && !isHostListWithin(hosts, existing.allowedHosts))
          throw new SecretHostsWidenedError(name, existing.allowedHosts);
        const nextHosts = hosts ?? existing?.allowedHosts ?? [];
        // A hosts-only update reseals the stored value: the list is part of its associated data.
        const plaintext =
          value ??
          openSecret(
            keyring,
            rowId(workspaceId, name),
            existing as SealedRow,
            valueAad(workspaceId, name, (existing as SealedRow).allowedHosts),
          );
        const sealed = sealSecret(
          keyring,
          rowId(workspaceId, name),
          plaintext,
          valueAad(workspaceId, name, nextHosts),
        );
        const params = [
          workspaceId,
          name,
          secretHint(plaintext),
          sealed.masterKeyId,
          sealed.wrappedDataKey,
          sealed.ciphertext,
          actorId,
          now(),
          JSON.stringify(nextHosts),
        ];
        // `xmax = 0` holds for a row this statement inserted, not one it updated: a concurrent first put
        // (both saw no row) is told apart in one atomic statement, so two cannot both report "created".
        const [written] = existing
          ? await tx.query<{ created: boolean }>(
              `update workspace_secrets set hint = $3, master_key_id = $4, wrapped_data_key = $5,
                 ciphertext = $6, updated_by = $7, updated_at_ms = $8, allowed_hosts = $9::text::jsonb
               where workspace_id = $1 and name = $2 returning false as created`,
              params,
            )
          : await tx.query<{ created: boolean }>(
              `insert into workspace_secrets (workspace_id, name, hint, master_key_id, wrapped_data_key,
                 ciphertext, created_by, created_at_ms, updated_by, updated_at_ms, allowed_hosts)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8, $9::text::jsonb)
               on conflict (workspace_id, name) do ${
                 mode === 'create'
                   ? 'nothing'
                   : `update set hint = excluded.hint, master_key_id = excluded.master_key_id,
                 wrapped_data_key = excluded.wrapped_data_key, ciphertext = excluded.ciphertext,
                 updated_by = excluded.updated_by, updated_at_ms = excluded.updated_at_ms,
                 allowed_hosts = excluded.allowed_hosts`
               }
               returning (xmax = 0) as created`,
              params,
            );
        return written ? { created: written.created, previous: existing?.allowedHosts ?? null } : null;
      });
      if (!row) return null;
      return {
        secret: await info(workspaceId, name),
        created: row.created,
        previousAllowedHosts: row.previous,
      };
    },

    async remove(workspaceId, name) {
      const rows = await sql.query(
        'delete from workspace_secrets where workspace_id = $1 and name = $2 returning name',
        [workspaceId, name],
      );
      return rows.length === 1;
    },

    async readSecrets(workspaceId, names) {
      const wanted = [...new Set(names)];
      if (wanted.length === 0) return new Map();
      const placeholders = wanted.map((_, i) => `$${i + 2}`).join(', ');
      const rows = await sql.query<SealedRow>(
        `select ${SEALED} from workspace_secrets where workspace_id = $1 and name in (${placeholders})`,
        [workspaceId, ...wanted],
      );
      const found = new Set(rows.map((r) => r.name));
      const missing = wanted.filter((n) => !found.has(n));
      if (missing.length > 0) throw new MissingSecretsError(missing);
      const values = new Map<string, ScopedSecret>();
      for (const name of wanted) {
        const row = rows.find((r) => r.name === name) as SealedRow;
        const value = openSecret(
          keyring,
          rowId(workspaceId, name),
          row,
          valueAad(workspaceId, name, row.allowedHosts),
        );
        values.set(name, { value, allowedHosts: row.allowedHosts });
      }
      await sql.query(
        `update workspace_secrets set last_used_at_ms = $2
         where workspace_id = $1 and name in (${wanted.map((_, i) => `$${i + 3}`).join(', ')})`,
        [workspaceId, now(), ...wanted],
      );
      return values;
    },

    async rotate(newKeyId) {
      // Fails before any batch when the new key is not in the ring.
      masterKeyOf(keyring, newKeyId);
      let rewrapped = 0;
      for (;;) {
        // Batches, each in its own transaction (as provider keys): a crash part-way leaves every row
        // readable, and a rerun continues with the rows still wrapped by an old key.
        const done = await sql.transaction(async (tx) => {
          const rows = await tx.query<SealedRow>(
            `select ${SEALED} from workspace_secrets where master_key_id <> $1
             order by workspace_id, name limit 100 for update`,
            [newKeyId],
          );
          for (const row of rows)
            await tx.query(
              `update workspace_secrets set master_key_id = $3, wrapped_data_key = $4
               where workspace_id = $1 and name = $2`,
              [
                row.workspaceId,
                row.name,
                newKeyId,
                rewrapDataKey(keyring, rowId(row.workspaceId, row.name), row, newKeyId),
              ],
            );
          return rows.length;
        });
        rewrapped += done;
        if (done < 100) return { rewrapped };
      }
    },
  };
}
