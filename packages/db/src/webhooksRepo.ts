import type { Sql } from './Sql';

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
  /** The signing secret; null for `none`. */
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

export type DeliveryClaim =
  | { kind: 'claimed' }
  | { kind: 'existing'; runId: string }
  /** The first delivery with this id is still starting its run. */
  | { kind: 'pending' };

export interface WebhooksRepo {
  create(row: WebhookRow): Promise<WebhookRow>;
  get(id: string): Promise<WebhookRow | null>;
  getByTokenHash(tokenHash: string): Promise<WebhookRow | null>;
  list(workspaceId: string, workflowId: string): Promise<WebhookRow[]>;
  /** True when a webhook of this workflow was deleted. */
  delete(workspaceId: string, workflowId: string, id: string): Promise<boolean>;
  /** Takes a delivery id for this webhook, or says which run its first delivery started. */
  claimDelivery(webhookId: string, key: string, now: number): Promise<DeliveryClaim>;
  completeDelivery(webhookId: string, key: string, runId: string): Promise<void>;
  /** Frees a claimed delivery id whose run did not start, so the sender's retry can start it. */
  releaseDelivery(webhookId: string, key: string): Promise<void>;
  recordDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
}

const COLUMNS = `id, token_hash as "tokenHash", token_hint as "tokenHint", workspace_id as "workspaceId", workflow_id as "workflowId", name, inputs, signature,
  signature_header as "signatureHeader", secret, respond, created_by as "createdBy",
  created_at_ms as "createdAt"`;

const DELIVERY_COLUMNS = `id, webhook_id as "webhookId", received_at_ms as "receivedAt",
  delivery_key as "deliveryKey", status, http_status as "httpStatus", run_id as "runId", error`;

type Record_ = WebhookRow & Record<string, unknown>;
type DeliveryRecord = WebhookDelivery & Record<string, unknown>;

/** Webhook triggers, their seen delivery ids and their delivery log ([triggers] issue 14). */
export function createWebhooksRepo(sql: Sql): WebhooksRepo {
  return {
    async create(w) {
      const [row] = await sql.query<Record_>(
        `insert into webhooks (id, token_hash, token_hint, workspace_id, workflow_id, name, inputs, signature,
           signature_header, secret, respond, created_by, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
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
          w.secret,
          w.respond,
          w.createdBy,
          w.createdAt,
        ],
      );
      return row!;
    },
    async get(id) {
      const [row] = await sql.query<Record_>(`select ${COLUMNS} from webhooks where id = $1`, [id]);
      return row ?? null;
    },
    async getByTokenHash(tokenHash) {
      const [row] = await sql.query<Record_>(`select ${COLUMNS} from webhooks where token_hash = $1`, [
        tokenHash,
      ]);
      return row ?? null;
    },
    async list(workspaceId, workflowId) {
      return sql.query<Record_>(
        `select ${COLUMNS} from webhooks where workspace_id = $1 and workflow_id = $2
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
    async claimDelivery(webhookId, key, now) {
      const taken = await sql.query(
        `insert into webhook_delivery_keys (webhook_id, delivery_key, run_id, created_at_ms)
         values ($1, $2, null, $3) on conflict (webhook_id, delivery_key) do nothing returning webhook_id`,
        [webhookId, key, now],
      );
      if (taken.length > 0) return { kind: 'claimed' };
      const [row] = await sql.query<{ runId: string | null }>(
        `select run_id as "runId" from webhook_delivery_keys where webhook_id = $1 and delivery_key = $2`,
        [webhookId, key],
      );
      return row?.runId ? { kind: 'existing', runId: row.runId } : { kind: 'pending' };
    },
    async completeDelivery(webhookId, key, runId) {
      await sql.query(
        'update webhook_delivery_keys set run_id = $3 where webhook_id = $1 and delivery_key = $2',
        [webhookId, key, runId],
      );
    },
    async releaseDelivery(webhookId, key) {
      await sql.query(
        'delete from webhook_delivery_keys where webhook_id = $1 and delivery_key = $2 and run_id is null',
        [webhookId, key],
      );
    },
    async recordDelivery(d) {
      await sql.query(
        `insert into webhook_deliveries (id, webhook_id, received_at_ms, delivery_key, status, http_status,
           run_id, error)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [d.id, d.webhookId, d.receivedAt, d.deliveryKey, d.status, d.httpStatus, d.runId, d.error],
      );
    },
    async listDeliveries(webhookId, limit) {
      return sql.query<DeliveryRecord>(
        `select ${DELIVERY_COLUMNS} from webhook_deliveries where webhook_id = $1
         order by received_at_ms desc, id desc limit $2`,
        [webhookId, limit],
      );
    },
  };
}
