import { randomBytes } from 'node:crypto';
import type { AuditLog } from './auditLog';
import { masterKeyOf, openSecret, rewrapDataKey, sealSecret } from './envelope';
import type { MasterKeyring } from './masterKeyring';
import type { Sql } from './Sql';

/** What the API may show about a key: never the key, only a masked hint. */
export interface ProviderKeyInfo {
  id: string;
  provider: string;
  label: string;
  baseUrl: string;
  hint: string;
  /** Share of the provider's calls among its keys (1–100). */
  weight: number;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A key the runner may pick for a provider: no secret, just what the pick needs. */
export interface ProviderKeyChoice {
  id: string;
  weight: number;
}

export interface ResolvedProviderKey {
  apiKey: string;
  baseUrl: string;
}

export interface ProviderKeyStore {
  save(k: {
    workspaceId: string;
    provider: string;
    baseUrl: string;
    apiKey: string;
    label?: string;
    /** Default 1. */
    weight?: number;
    createdBy: string;
  }): Promise<ProviderKeyInfo>;
  list(workspaceId: string): Promise<ProviderKeyInfo[]>;
  remove(workspaceId: string, id: string): Promise<boolean>;
  /** Sets a key's weight (1–100); null when the workspace has no such key. */
  setWeight(workspaceId: string, id: string, weight: number): Promise<ProviderKeyInfo | null>;
  /**
   * The newest key saved for the provider in the workspace, decrypted, with the only base URL it may be
   * sent to. Records the use (coalesced to once a minute per key). Null when the workspace has none.
   */
  resolve(workspaceId: string, provider: string, actor?: KeyActor): Promise<ResolvedProviderKey | null>;
  /** Every key of the provider with its weight, oldest first; nothing is decrypted or recorded. */
  choices(workspaceId: string, provider: string): Promise<ProviderKeyChoice[]>;
  /** Like `resolve`, for one key by id (the key test, and the key the runner picked). */
  resolveById(workspaceId: string, id: string, actor?: KeyActor): Promise<ResolvedProviderKey | null>;
  /** Rewraps every data key not yet wrapped with `newKeyId` (which must be in the keyring). */
  rotate(newKeyId: string): Promise<{ rewrapped: number }>;
}

export interface KeyActor {
  id: string;
  name: string;
}

export interface ProviderKeyStoreOptions {
  masterKeys: MasterKeyring;
  now?: () => number;
  /** When given, each recorded use is also written to the audit log as `key.used`. */
  audit?: Pick<AuditLog, 'record'>;
}

const USE_COALESCE_MS = 60_000;
const RUNNER: KeyActor = { id: 'runner', name: 'Synapse runner' };

/** `sk-proj-…` → `sk-…wxyz`: enough to tell keys apart, nothing to use. */
export function maskApiKey(apiKey: string): string {
  const prefix = /^([A-Za-z]{2,8})[-_]/.exec(apiKey)?.[1];
  const tail = apiKey.length >= 12 ? apiKey.slice(-4) : '';
  return `${prefix ? `${prefix}-` : ''}…${tail}`;
}

/** A base URL as stored and compared: http(s), no credentials, query or fragment, no trailing slash. */
export function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('base URL must be http or https');
  if (url.username || url.password) throw new Error('base URL may not contain credentials');
  if (url.search || url.hash) throw new Error('base URL may not contain a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

// The associated data binds each ciphertext to its row: a ciphertext copied to another workspace or key,
// or a row whose base URL was edited in the database, fails to decrypt instead of leaking the key.
const secretAad = (r: { id: string; workspaceId: string; provider: string; baseUrl: string }) =>
  `synapse/provider-key/v1\0${r.id}\0${r.workspaceId}\0${r.provider}\0${r.baseUrl}`;

interface KeyRow extends Record<string, unknown> {
  id: string;
  workspaceId: string;
  provider: string;
  baseUrl: string;
  masterKeyId: string;
  wrappedDataKey: Uint8Array;
  ciphertext: Uint8Array;
  lastUsedAt: number | null;
}

const INFO = `id, provider, label, base_url as "baseUrl", hint, weight, created_at_ms as "createdAt",
  last_used_at_ms as "lastUsedAt"`;
const SECRET = `id, workspace_id as "workspaceId", provider, base_url as "baseUrl", master_key_id as "masterKeyId",
  wrapped_data_key as "wrappedDataKey", ciphertext, last_used_at_ms as "lastUsedAt"`;

/**
 * Provider API keys with envelope encryption: each key gets a random data key (AES-256-GCM), and the data
 * key is wrapped by the current master key, whose id is stored with the row. Plaintext exists only in the
 * return value of `resolve`/`resolveById`.
 */
export function createProviderKeyStore(sql: Sql, options: ProviderKeyStoreOptions): ProviderKeyStore {
  const now = options.now ?? Date.now;
  const ring = options.masterKeys;

  const decrypt = (row: KeyRow): string => openSecret(ring, row.id, row, secretAad(row));

  async function use(row: KeyRow, actor: KeyActor): Promise<ResolvedProviderKey> {
    const apiKey = decrypt(row);
    const at = now();
    const recorded = await sql.query(
      `update provider_keys set last_used_at_ms = $2
       where id = $1 and (last_used_at_ms is null or last_used_at_ms < $3) returning id`,
      [row.id, at, at - USE_COALESCE_MS],
    );
    if (recorded.length > 0 && options.audit) {
      await options.audit.record({
        workspaceId: row.workspaceId,
        actorId: actor.id,
        actorName: actor.name,
        kind: 'key.used',
        target: row.id,
        details: { provider: row.provider },
      });
    }
    return { apiKey, baseUrl: row.baseUrl };
  }

  return {
    async save(k) {
      const apiKey = k.apiKey.trim();
      if (apiKey.length < 8 || apiKey.length > 4096) throw new Error('API key must be 8–4096 characters');
      const weight = k.weight ?? 1;
      if (!Number.isInteger(weight) || weight < 1 || weight > 100)
        throw new Error('weight must be a whole number from 1 to 100');
      const baseUrl = normalizeBaseUrl(k.baseUrl);
      const id = randomBytes(12).toString('base64url');
      const row = { id, workspaceId: k.workspaceId, provider: k.provider, baseUrl };
      const sealed = sealSecret(ring, id, apiKey, secretAad(row));
      const [info] = await sql.query<ProviderKeyInfo & Record<string, unknown>>(
        `insert into provider_keys (id, workspace_id, provider, label, base_url, hint, master_key_id,
           wrapped_data_key, ciphertext, created_by, created_at_ms, weight)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${INFO}`,
        [
          id,
          k.workspaceId,
          k.provider,
          (k.label ?? '').trim() || k.provider,
          baseUrl,
          maskApiKey(apiKey),
          sealed.masterKeyId,
          sealed.wrappedDataKey,
          sealed.ciphertext,
          k.createdBy,
          now(),
          weight,
        ],
      );
      return info!;
    },

    async list(workspaceId) {
      return sql.query<ProviderKeyInfo & Record<string, unknown>>(
        `select ${INFO} from provider_keys where workspace_id = $1 order by created_at_ms, id`,
        [workspaceId],
      );
    },

    async setWeight(workspaceId, id, weight) {
      if (!Number.isInteger(weight) || weight < 1 || weight > 100)
        throw new Error('weight must be a whole number from 1 to 100');
      const [info] = await sql.query<ProviderKeyInfo & Record<string, unknown>>(
        `update provider_keys set weight = $3 where workspace_id = $1 and id = $2 returning ${INFO}`,
        [workspaceId, id, weight],
      );
      return info ?? null;
    },

    async remove(workspaceId, id) {
      const rows = await sql.query(
        'delete from provider_keys where workspace_id = $1 and id = $2 returning id',
        [workspaceId, id],
      );
      return rows.length === 1;
    },

    async resolve(workspaceId, provider, actor = RUNNER) {
      const [row] = await sql.query<KeyRow>(
        `select ${SECRET} from provider_keys where workspace_id = $1 and provider = $2
         order by created_at_ms desc, id desc limit 1`,
        [workspaceId, provider],
      );
      return row ? use(row, actor) : null;
    },

    async choices(workspaceId, provider) {
      return sql.query<ProviderKeyChoice & Record<string, unknown>>(
        `select id, weight from provider_keys where workspace_id = $1 and provider = $2
         order by created_at_ms, id`,
        [workspaceId, provider],
      );
    },

    async resolveById(workspaceId, id, actor = RUNNER) {
      const [row] = await sql.query<KeyRow>(
        `select ${SECRET} from provider_keys where workspace_id = $1 and id = $2`,
        [workspaceId, id],
      );
      return row ? use(row, actor) : null;
    },

    async rotate(newKeyId) {
      // Fails before any batch when the new key is not in the ring.
      masterKeyOf(ring, newKeyId);
      let rewrapped = 0;
      for (;;) {
        // Batches, each in its own transaction: a crash part-way leaves every row readable, and a rerun
        // continues with the rows still wrapped by an old key.
        const done = await sql.transaction(async (tx) => {
          const rows = await tx.query<KeyRow>(
            `select ${SECRET} from provider_keys where master_key_id <> $1 order by id limit 100 for update`,
            [newKeyId],
          );
          for (const row of rows) {
            const wrapped = rewrapDataKey(ring, row.id, row, newKeyId);
            await tx.query(
              'update provider_keys set master_key_id = $2, wrapped_data_key = $3 where id = $1',
              [row.id, newKeyId, wrapped],
            );
          }
          return rows.length;
        });
        rewrapped += done;
        if (done < 100) return { rewrapped };
      }
    },
  };
}
