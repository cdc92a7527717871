import { z } from 'zod';

// Webhook triggers ([triggers] issue 14): a URL that runs a workflow's published version.

export const WEBHOOK_SIGNATURES = ['none', 'github', 'hmac-sha256'] as const;
export const WEBHOOK_RESPONDS = ['at-once', 'wait'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['refused', 'started', 'duplicate'] as const;

export const CreateWebhookBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    inputs: z
      .record(z.string().min(1).max(100), z.string().max(1000))
      .default({})
      .meta({ description: 'Run input → template over the request, e.g. `{{body.issue.title}}`' }),
    signature: z.enum(WEBHOOK_SIGNATURES).default('github').meta({
      description:
        '`github`: X-Hub-Signature-256; `hmac-sha256`: hex HMAC-SHA256 of the body in `signatureHeader`; `none`: the URL alone',
    }),
    signatureHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .optional()
      .meta({
        description: 'For `hmac-sha256`: the header carrying the signature (default X-Signature-256)',
      }),
    respond: z.enum(WEBHOOK_RESPONDS).default('at-once').meta({
      description: '`at-once`: 202 with the run id; `wait`: the outputs when the run finishes within 30 s',
    }),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBodySchema>;

export const WebhookSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    name: z.string(),
    inputs: z.record(z.string(), z.string()),
    signature: z.enum(WEBHOOK_SIGNATURES),
    signatureHeader: z.string().nullable(),
    respond: z.enum(WEBHOOK_RESPONDS),
    urlHint: z.string().meta({ description: "The URL token's last characters" }),
    createdBy: z.string(),
    createdAt: z.number(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof WebhookSchema>;

export const CreatedWebhookSchema = z
  .object({
    webhook: WebhookSchema,
    url: z.string().meta({ description: 'The secret URL (path), shown once' }),
    secret: z.string().nullable().meta({ description: 'The signing secret, shown once; null for `none`' }),
  })
  .meta({ id: 'CreatedWebhook' });

export const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) });

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    receivedAt: z.number(),
    deliveryKey: z.string().nullable(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    httpStatus: z.number(),
    runId: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryView = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = z.object({ deliveries: z.array(WebhookDeliverySchema) });
