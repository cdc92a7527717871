import { createHmac, randomUUID } from 'node:crypto';

export interface WebhookSenderOptions {
  /** The webhook's URL (a path for `app.request`, or a full URL for fetch). */
  url: string;
  /** The signing secret; absent: deliveries are unsigned. */
  secret?: string;
  /** `github` (X-Hub-Signature-256, X-GitHub-Delivery, X-GitHub-Event) or a generic HMAC header. */
  style?: 'github' | { signatureHeader: string };
  /** How a request is sent: `fetch`, or a Hono app's `request`. */
  send(url: string, init: RequestInit): Promise<Response> | Response;
}

export interface WebhookDeliveryOptions {
  /** Default: a fresh UUID. Reuse one to replay a delivery. */
  deliveryId?: string;
  event?: string;
  /** Sign with this secret instead (a wrong one, to be refused). */
  signWith?: string;
  /** Send these exact bytes instead of the JSON of `payload`. */
  rawBody?: string;
  /**
   * GitHub's default content type: the JSON in the `payload` field of an
   * `application/x-www-form-urlencoded` body (the signature covers those bytes).
   */
  form?: boolean;
  headers?: Record<string, string>;
}

/**
 * A webhook sender that signs like GitHub does: HMAC-SHA256 of the exact body bytes under the shared
 * secret, as `sha256=<hex>`, with a delivery id per delivery — what a real sender's retries reuse.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const github = (options.style ?? 'github') === 'github';
  return {
    async deliver(payload: unknown, delivery: WebhookDeliveryOptions = {}): Promise<Response> {
      const json = JSON.stringify(payload);
      const body =
        delivery.rawBody ?? (delivery.form ? new URLSearchParams({ payload: json }).toString() : json);
      const deliveryId = delivery.deliveryId ?? randomUUID();
      const headers: Record<string, string> = {
        'content-type': delivery.form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...delivery.headers,
      };
      const secret = delivery.signWith ?? options.secret;
      if (github) {
        headers['x-github-delivery'] = deliveryId;
        headers['x-github-event'] = delivery.event ?? 'issues';
        headers['user-agent'] = 'GitHub-Hookshot/fake';
      } else headers['x-delivery-id'] = deliveryId;
      if (secret !== undefined) {
        const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
        const style = options.style;
        headers[typeof style === 'object' ? style.signatureHeader : 'x-hub-signature-256'] = signature;
      }
      return options.send(options.url, { method: 'POST', headers, body });
    },
  };
}
