import { masterKeyOf, openSecret, rewrapDataKey, type SealedSecret, sealSecret } from './envelope';
import type { MasterKeyring } from './masterKeyring';
import { createRunStartKeys, type RunStartKeyClaim } from './runStartKeys';
import type { Sql } from './Sql';

/**
 * How long a delivery id is remembered (replay protection): a delivery repeating an id seen within this
 * window answers with the first delivery's run; after it, the id is free again and pruned. Senders retry
 * and redeliver within days (GitHub offers redelivery for 3 days), so a week covers them.
 */
export const WEBHOOK_REPLAY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * A delivery id whose run has not started after this long belongs to a delivery whose server died, or is
 * slow, starting the run: the sender's retry may take it over (otherwise it would be answered 409 for the
 * whole window). It keeps the id's reserved run id, so a slow first delivery and the retry start one run.
 */
export const WEBHOOK_PENDING_MS = 60 * 1000;
const PRUNE_BATCH = 5000;

export type WebhookSignature = 'none' | 'github' | 'hmac-sha256';
export type WebhookRespond = 'at-once' | 'wait';
export type WebhookDeliveryStatus = 'refused' | 'started' | 'duplicate';

export interface WebhookRow {
  id: string;
  /** SHA-256 of the URL's token (hashToken); the token itself is shown once. */
  tokenHash: string;
  /** The token's last characters, to tell URLs apart. */
  tokenHint: string;
  workspaceId: string;
  workflowId: string;
  name: string;
  /** Run input name → template over the request (`{{body.issue.title}}`). */
  inputs: Record<string, string>;
  signature: WebhookSignature;
  /** The header carrying the signature for `hmac-sha256` (GitHub's is fixed). */
  signatureHeader: string | null;
  /** The signing secret (stored sealed under the master keyring); null for `none`. */
  secret: string | null;
  respond: WebhookRespond;
  createdBy: string;
  createdAt: number;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  receivedAt: number;
  deliveryKey: string | null;
  status: WebhookDeliveryStatus;
  httpStatus: number;
  runId: string | null;
  error: string | null;
}

/** A delivery id's claim: the run id it reserved, the run it started, or still starting (runStartKeys). */
export type DeliveryClaim = RunStartKeyClaim<Record<never, never>>;

/** A webhook as listed: everything but its signing secret, which only a delivery's check opens. */
export type WebhookInfo = Omit<WebhookRow, 'secret'>;

export interface WebhooksRepo {
  create(row: WebhookRow): Promise<WebhookRow>;
  /** With the signing secret opened. */
  get(id: string): Promise<WebhookRow | null>;
  /** With the signing secret opened (a delivery's signature check). */
  getByTokenHash(tokenHash: string): Promise<WebhookRow | null>;
  list(workspaceId: string, workflowId: string): Promise<WebhookInfo[]>;
  /** True when a webhook of this workflow was deleted. */
  delete(workspaceId: string, workflowId: string, id: string): Promise<boolean>;
  /**
   * Takes a delivery id for this webhook, reserving `runId` as its run's id, or says which run its first
   * delivery started. A claim released, or WEBHOOK_PENDING_MS old without its run started, is taken over
   * with the id it reserved (the slow first delivery and the retry start that one run); an id first seen
   * WEBHOOK_REPLAY_WINDOW_MS or more before `now` is taken afresh with `runId`.
   */
  claimDelivery(webhookId: string, key: string, now: number, runId: string): Promise<DeliveryClaim>;
  /** Records that the id's reserved run `runId` started: the id answers with it from now on. */
  completeDelivery(webhookId: string, key: string, runId: string): Promise<void>;
  /**
   * Frees the claim made at `claimedAt` (never a retry's taken over meanwhile) when its run did not start,
   * so the sender's retry can start it at once — with the same run id, unless that run exists and failed.
   */
  releaseDelivery(webhookId: string, key: string, claimedAt: number): Promise<void>;
  recordDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Deletes the delivery ids past the replay window at `now`; returns how many. */
  pruneDeliveryKeys(now: number): Promise<number>;
  /** Newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Seals the plaintext signing secrets of webhooks made before migration 0017 and clears the plaintext;
   * run at server start and by `synapse keys rotate`. Returns how many it sealed.
   */
  sealPlaintextSecrets(): Promise<{ sealed: number }>;
  /** Rewraps every signing secret's data key not yet wrapped with `newKeyId` (master key rotation). */
  rotate(newKeyId: string): Promise<{ rewrapped: number }>;
}

const INFO_COLUMNS = `id, token_hash as "tokenHash", token_hint as "tokenHint", workspace_id as "workspaceId",
  workflow_id as "workflowId", name, inputs, signature, signature_header as "signatureHeader", respond,
  created_by as "createdBy", created_at_ms as "createdAt"`;
const COLUMNS = `${INFO_COLUMNS}, secret as "legacySecret", secret_master_key_id as "masterKeyId",
  secret_wrapped_data_key as "wrappedDataKey", secret_ciphertext as "ciphertext"`;

const DELIVERY_COLUMNS = `id, webhook_id as "webhookId", received_at_ms as "receivedAt",
  delivery_key as "deliveryKey", status, http_status as "httpStatus", run_id as "runId", error`;

interface StoredRow extends WebhookInfo, Record<string, unknown> {
  /** Plaintext from before migration 0017, until sealPlaintextSecrets seals it. */
  legacySecret: string | null;
  masterKeyId: string | null;
  wrappedDataKey: Uint8Array | null;
  ciphertext: Uint8Array | null;
}
type InfoRecord = WebhookInfo & Record<string, unknown>;

// The signing secret is bound to its webhook and workspace: a sealed secret copied to another row does
// not open.
const rowId = (id: string) => `webhook:${id}`;
const secretAad = (id: string, workspaceId: string) => `synapse/webhook-secret/v1\0${id}\0${workspaceId}`;
type DeliveryRecord = WebhookDelivery & Record<string, unknown>;

/**
 * Webhook triggers, their seen delivery ids and their delivery log ([triggers] issue 14). Signing secrets
 * are sealed under the master keyring like provider keys (migration 0017); the plaintext exists only in
 * the rows `get` and `getByTokenHash` return.
 */
export function createWebhooksRepo(sql: Sql, options: { masterKeys: MasterKeyring }): WebhooksRepo {
  const ring = options.masterKeys;
  const deliveryKeys = createRunStartKeys<Record<never, never>>(sql, {
    table: 'webhook_delivery_keys',
    keyColumns: ['webhook_id', 'delivery_key'],
    windowMs: WEBHOOK_REPLAY_WINDOW_MS,
    pendingMs: WEBHOOK_PENDING_MS,
  });

  function opened({ legacySecret, masterKeyId, wrappedDataKey, ciphertext, ...info }: StoredRow): WebhookRow {
    const sealed =
      masterKeyId && wrappedDataKey && ciphertext ? { masterKeyId, wrappedDataKey, ciphertext } : null;
    const secret = sealed
      ? openSecret(ring, rowId(info.id), sealed, secretAad(info.id, info.workspaceId))
      : legacySecret;
    return { ...info, secret };
  }

  const seal = (id: string, workspaceId: string, secret: string | null): SealedSecret | null =>
    secret === null ? null : sealSecret(ring, rowId(id), secret, secretAad(id, workspaceId));

  return {
    async create(w) {
      const sealed = seal(w.id, w.workspaceId, w.secret);
      const [row] = await sql.query<StoredRow>(
        `insert into webhooks (id, token_hash, token_hint, workspace_id, workflow_id, name, inputs, signature,
           signature_header, secret, respond, created_by, created_at_ms, secret_master_key_id,
           secret_wrapped_data_key, secret_ciphertext)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, null, $10, $11, $12, $13, $14, $15)
         returning ${COLUMNS}`,
        [
          w.id,
          w.tokenHash,
          w.tokenHint,
          w.workspaceId,
          w.workflowId,
          w.name,
          w.inputs,
          w.signature,
          w.signatureHeader,
          w.respond,
          w.createdBy,
          w.createdAt,
          sealed?.masterKeyId ?? null,
          sealed?.wrappedDataKey ?? null,
          sealed?.ciphertext ?? null,
        ],
      );
      return opened(row!);
    },
    async get(id) {
      const [row] = await sql.query<StoredRow>(`select ${COLUMNS} from webhooks where id = $1`, [id]);
      return row ? opened(row) : null;
    },
    async getByTokenHash(tokenHash) {
      const [row] = await sql.query<StoredRow>(`select ${COLUMNS} from webhooks where token_hash = $1`, [
        tokenHash,
      ]);
      return row ? opened(row) : null;
    },
    async list(workspaceId, workflowId) {
      return sql.query<InfoRecord>(
        `select ${INFO_COLUMNS} from webhooks where workspace_id = $1 and workflow_id = $2
         order by created_at_ms, id`,
        [workspaceId, workflowId],
      );
    },
    async delete(workspaceId, workflowId, id) {
      const rows = await sql.query(
        'delete from webhooks where workspace_id = $1 and workflow_id = $2 and id = $3 returning id',
        [workspaceId, workflowId, id],
      );
      return rows.length > 0;
    },
    async claimDelivery(webhookId, key, now, runId) {
      return deliveryKeys.claim([webhookId, key], [], now, runId);
    },
    async completeDelivery(webhookId, key, runId) {
      await deliveryKeys.complete([webhookId, key], runId);
    },
    async releaseDelivery(webhookId, key, claimedAt) {
      await deliveryKeys.release([webhookId, key], claimedAt);
    },
    async recordDelivery(d) {
      await sql.query(
        `insert into webhook_deliveries (id, webhook_id, received_at_ms, delivery_key, status, http_status,
           run_id, error)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [d.id, d.webhookId, d.receivedAt, d.deliveryKey, d.status, d.httpStatus, d.runId, d.error],
      );
    },
    async pruneDeliveryKeys(now) {
      // In batches, like the run idempotency keys, so a backlog never holds one long transaction.
      let deleted = 0;
      for (;;) {
        const rows = await sql.query(
          `delete from webhook_delivery_keys where (webhook_id, delivery_key) in (
             select webhook_id, delivery_key from webhook_delivery_keys
             where created_at_ms <= $1 limit ${PRUNE_BATCH})
           returning 1 as gone`,
          [now - WEBHOOK_REPLAY_WINDOW_MS],
        );
        deleted += rows.length;
        if (rows.length < PRUNE_BATCH) return deleted;
      }
    },
    async listDeliveries(webhookId, limit) {
      return sql.query<DeliveryRecord>(
        `select ${DELIVERY_COLUMNS} from webhook_deliveries where webhook_id = $1
         order by received_at_ms desc, id desc limit $2`,
        [webhookId, limit],
      );
    },
    async sealPlaintextSecrets() {
      return sql.transaction(async (tx) => {
        // Locked, so two servers starting together seal each row once.
        const rows = await tx.query<{ id: string; workspaceId: string; secret: string }>(
          `select id, workspace_id as "workspaceId", secret from webhooks where secret is not null
           order by id for update`,
        );
        for (const row of rows) {
          const sealed = seal(row.id, row.workspaceId, row.secret) as SealedSecret;
          await tx.query(
            `update webhooks set secret = null, secret_master_key_id = $2, secret_wrapped_data_key = $3,
               secret_ciphertext = $4 where id = $1`,
            [row.id, sealed.masterKeyId, sealed.wrappedDataKey, sealed.ciphertext],
          );
        }
        return { sealed: rows.length };
      });
    },
    async rotate(newKeyId) {
      masterKeyOf(ring, newKeyId);
      // One row per webhook with a signature: few enough for one transaction (as TOTP secrets).
      return sql.transaction(async (tx) => {
        const rows = await tx.query<{ id: string; masterKeyId: string; wrappedDataKey: Uint8Array }>(
          `select id, secret_master_key_id as "masterKeyId", secret_wrapped_data_key as "wrappedDataKey"
           from webhooks where secret_master_key_id <> $1 for update`,
          [newKeyId],
        );
        for (const row of rows)
          await tx.query(
            'update webhooks set secret_master_key_id = $2, secret_wrapped_data_key = $3 where id = $1',
            [row.id, newKeyId, rewrapDataKey(ring, rowId(row.id), row, newKeyId)],
          );
        return { rewrapped: rows.length };
      });
    },
  };
}
