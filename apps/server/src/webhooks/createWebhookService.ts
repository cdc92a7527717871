import { hashToken, newToken, type WebhookInfo, type WebhookRow, type WebhooksRepo } from '@synapse/db';
import { ErrorCodes, newId } from '@synapse/schema';
import type { ApiRun, CreateWebhookBody, Webhook, WebhookDeliveryView } from '@synapse/schema/api';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { MembershipLookup } from '../auth/authorize';
import { creatorPrincipal } from '../auth/creatorPrincipal';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { RunApi } from '../runs/createRunApi';
import { parseWebhookBody } from './parseWebhookBody';
import { renderWebhookInputs } from './renderWebhookInputs';
import { verifyWebhookSignature } from './verifyWebhookSignature';

/** The largest body a webhook accepts; larger ones are refused (413) before anything runs. */
export const WEBHOOK_BODY_BYTES = 256 * 1024;
/** How long `respond: 'wait'` holds the request for the run's outputs before answering 202. */
export const WEBHOOK_WAIT_MS = 30_000;
export const DEFAULT_SIGNATURE_HEADER = 'x-signature-256';
/** Where a webhook's URL lives; the token after it is the only credential of a `none` webhook. */
export const HOOKS_PATH = '/api/hooks/';
/** Headers that name a delivery, first match wins: GitHub's, then the generic ones. */
const DELIVERY_HEADERS = ['x-github-delivery', 'idempotency-key', 'x-delivery-id'] as const;

export interface WebhookRequest {
  token: string;
  /** Content-Length as sent, so an oversized body is refused without reading it. */
  declaredBytes: number | null;
  readBody(): Promise<Uint8Array>;
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface WebhookAnswer {
  status: 200 | 202;
  run: ApiRun;
  /** The delivery id was seen before: `run` is the first delivery's run and nothing new started. */
  duplicate: boolean;
}

export interface WebhookService {
  create(
    principal: Principal,
    workspaceId: string,
    workflowId: string,
    body: CreateWebhookBody,
  ): Promise<{ webhook: Webhook; url: string; secret: string | null }>;
  list(workspaceId: string, workflowId: string): Promise<Webhook[]>;
  remove(principal: Principal, workspaceId: string, workflowId: string, webhookId: string): Promise<void>;
  deliveries(workspaceId: string, workflowId: string, webhookId: string): Promise<WebhookDeliveryView[]>;
  /** A request to a webhook URL: recorded whatever happens; refusals throw an HttpError after recording. */
  receive(request: WebhookRequest): Promise<WebhookAnswer>;
}

function toView(row: WebhookInfo): Webhook {
  return {
    id: row.id,
    workflowId: row.workflowId,
    name: row.name,
    inputs: row.inputs,
    signature: row.signature,
    signatureHeader: row.signatureHeader,
    respond: row.respond,
    urlHint: row.tokenHint,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/**
 * Webhook triggers ([triggers] issue 14): an editor makes a URL that runs the workflow's published
 * version as them — at their current role, like an API token (`effectiveRole`), so a creator who left or
 * became a viewer starts nothing. A delivery is checked in this order, and nothing runs unless all pass:
 * size, signature (constant time), the creator's role, the delivery id (a replay answers with the first
 * delivery's run), then the run service's own checks (published version, inputs).
 */
export function createWebhookService(deps: {
  repo: WebhooksRepo;
  runApi: RunApi;
  members: MembershipLookup;
  audit: AuditRecorder;
  logger: Logger;
  now(): number;
  waitMs?: number;
}): WebhookService {
  const { repo, runApi, members, now } = deps;

  async function own(workspaceId: string, workflowId: string, webhookId: string): Promise<WebhookRow> {
    const row = await repo.get(webhookId);
    if (!row || row.workspaceId !== workspaceId || row.workflowId !== workflowId)
      throw new HttpError(404, ErrorCodes.notFound, `webhook ${webhookId} not found`);
    return row;
  }

  return {
    async create(principal, workspaceId, workflowId, body) {
      const token = newToken();
      const secret = body.signature === 'none' ? null : newToken();
      const row = await repo.create({
        id: newId(),
        tokenHash: hashToken(token),
        tokenHint: token.slice(-4),
        workspaceId,
        workflowId,
        name: body.name,
        inputs: body.inputs,
        signature: body.signature,
        signatureHeader:
          body.signature === 'hmac-sha256'
            ? (body.signatureHeader ?? DEFAULT_SIGNATURE_HEADER).toLowerCase()
            : null,
        secret,
        respond: body.respond,
        createdBy: principal.kind === 'anonymous' ? 'anonymous' : principal.id,
        createdAt: now(),
      });
      await deps.audit.record({
        workspaceId,
        actor: principal,
        kind: 'webhook.created',
        target: row.id,
        details: { name: row.name, workflowId, signature: row.signature },
      });
      return { webhook: toView(row), url: `${HOOKS_PATH}${token}`, secret };
    },

    async list(workspaceId, workflowId) {
      return (await repo.list(workspaceId, workflowId)).map(toView);
    },

    async remove(principal, workspaceId, workflowId, webhookId) {
      const row = await own(workspaceId, workflowId, webhookId);
      await repo.delete(workspaceId, workflowId, webhookId);
      await deps.audit.record({
        workspaceId,
        actor: principal,
        kind: 'webhook.deleted',
        target: webhookId,
        details: { name: row.name, workflowId },
      });
    },

    async deliveries(workspaceId, workflowId, webhookId) {
      await own(workspaceId, workflowId, webhookId);
      return (await repo.listDeliveries(webhookId, 100)).map(({ webhookId: _, ...d }) => d);
    },

    async receive(request) {
      const hook = await repo.getByTokenHash(hashToken(request.token));
      if (!hook) throw new HttpError(404, ErrorCodes.notFound, 'no such webhook');
      const receivedAt = now();
      const deliveryKey =
        DELIVERY_HEADERS.map((h) => request.headers[h]).find((v) => v !== undefined && v !== '') ?? null;
      const record = (
        status: 'refused' | 'started' | 'duplicate',
        httpStatus: number,
        runId: string | null,
        error: string | null,
      ) =>
        repo.recordDelivery({
          id: newId(),
          webhookId: hook.id,
          receivedAt,
          deliveryKey,
          status,
          httpStatus,
          runId,
          error,
        });
      const refuse = async (error: HttpError): Promise<never> => {
        await record('refused', error.status, null, error.message);
        throw error;
      };

      if ((request.declaredBytes ?? 0) > WEBHOOK_BODY_BYTES) return refuse(tooLarge());
      const raw = await request.readBody();
      if (raw.byteLength > WEBHOOK_BODY_BYTES) return refuse(tooLarge());
      if (hook.signature !== 'none') {
        const header = hook.signature === 'github' ? 'x-hub-signature-256' : (hook.signatureHeader ?? '');
        if (!verifyWebhookSignature(hook.secret ?? '', raw, request.headers[header]))
          return refuse(
            new HttpError(401, ErrorCodes.unauthorized, `missing or wrong signature in ${header}`),
          );
      }
      const parsed = parseWebhookBody(raw, request.headers['content-type']);
      if (!parsed.ok) return refuse(new HttpError(400, ErrorCodes.invalidRequest, parsed.reason));
      const body = parsed.body;
      const principal = creatorPrincipal(
        { ...hook, name: `${hook.name} (webhook)`, tokenId: `webhook:${hook.id}` },
        members,
      );
      if (!principal)
        return refuse(
          new HttpError(403, ErrorCodes.forbidden, "the webhook's creator can no longer run this workflow"),
        );

      const duplicate = async (runId: string): Promise<WebhookAnswer> => {
        await record('duplicate', 200, runId, null);
        return { status: 200, duplicate: true, run: await runApi.get(principal, hook.workspaceId, runId) };
      };
      // The delivery id reserves its run's id: a slow first delivery and the retry that took its claim
      // over start that one run between them, and both answer with it.
      let reserved: { key: string; runId: string; claimedAt: number } | null = null;
      if (deliveryKey) {
        const claim = await repo.claimDelivery(hook.id, deliveryKey, receivedAt, newId());
        if (claim.kind === 'existing') return duplicate(claim.runId);
        if (claim.kind === 'pending') {
          const error = new HttpError(409, ErrorCodes.conflict, 'this delivery is still starting its run');
          await record('duplicate', 409, null, error.message);
          throw error;
        }
        reserved = { key: deliveryKey, runId: claim.runId, claimedAt: claim.claimedAt };
      }
      let started: { run: ApiRun; replayed: boolean };
      try {
        started = await runApi.start({
          principal,
          workspaceId: hook.workspaceId,
          workflowId: hook.workflowId,
          inputs: renderWebhookInputs(hook.inputs, { body, headers: request.headers, query: request.query }),
          version: 'published',
          trigger: `webhook:${hook.id}`,
          ...(reserved ? { runId: reserved.runId } : {}),
        });
      } catch (error) {
        // The sender's retry of this delivery may start the run once the cause is fixed.
        if (reserved) await repo.releaseDelivery(hook.id, reserved.key, reserved.claimedAt);
        if (error instanceof HttpError) return refuse(error);
        await record('refused', 500, null, 'internal error');
        throw error;
      }
      const { run } = started;
      if (reserved) await repo.completeDelivery(hook.id, reserved.key, run.runId);
      // Another delivery holding this id made the run first: the slow first one, or the retry that took
      // its claim over.
      if (started.replayed) return duplicate(run.runId);
      await record('started', 202, run.runId, null);
      deps.logger.info({ webhookId: hook.id, runId: run.runId }, 'webhook started a run');
      if (hook.respond === 'wait') {
        const finished = await runApi.waitFor(
          principal,
          hook.workspaceId,
          run.runId,
          deps.waitMs ?? WEBHOOK_WAIT_MS,
        );
        if (finished)
          return {
            status: 200,
            duplicate: false,
            run: await runApi.get(principal, hook.workspaceId, run.runId),
          };
      }
      return { status: 202, duplicate: false, run };
    },
  };
}

function tooLarge(): HttpError {
  return new HttpError(
    413,
    ErrorCodes.payloadTooLarge,
    `webhook body is larger than ${WEBHOOK_BODY_BYTES} bytes`,
    {
      limitBytes: WEBHOOK_BODY_BYTES,
    },
  );
}
