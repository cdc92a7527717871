import { z } from 'zod';
import { MAX_SECRET_HOSTS, normalizeSecretHost } from '../secretHosts';
import { SECRET_NAME_PATTERN } from '../secretName';

// The workspace secrets vault ([triggers] issue 14, ADR 0019): values HTTP request nodes reference by
// name. Write-only: no response ever carries a value.

/** 16 KiB of UTF-8 at most; the server checks the byte length. */
const SECRET_VALUE_MAX = 16 * 1024;

export const SecretNameSchema = z
  .string()
  .regex(SECRET_NAME_PATTERN, 'an identifier: a letter or _ first, then letters, digits and _ (at most 64)')
  .meta({ example: 'GITHUB_TOKEN' });

/** The hosts a secret may be sent to (ADR 0028): stored lower case, without duplicates; empty = any host. */
export const SecretHostsSchema = z
  .array(
    z
      .string()
      .max(255)
      .refine((entry) => normalizeSecretHost(entry) !== null, {
        message: 'a host name (api.example.com), *.example.com for its subdomains, or an IP address; no port',
      }),
  )
  .max(MAX_SECRET_HOSTS)
  .meta({
    description: 'Hosts HTTP request nodes may send the secret to (ports ignored); empty: any host',
    example: ['api.github.com', '*.githubusercontent.com'],
  });

export const SecretSchema = z
  .object({
    name: z.string(),
    hint: z.string().nullable().meta({
      description: 'At most the last 4 characters of a long value; null for viewers',
      example: '…WXYZ',
    }),
    createdBy: z.string().nullable().meta({ description: "The creator's user id; null for viewers" }),
    createdByName: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
    lastUsedAt: z.number().nullable().meta({ description: 'When a run last read the secret' }),
    allowedHosts: z.array(z.string()).meta({ description: 'Hosts it may be sent to; empty: any host' }),
  })
  .meta({ id: 'Secret' });
export type Secret = z.infer<typeof SecretSchema>;

export const SecretListSchema = z.object({ secrets: z.array(SecretSchema) });

export const CreateSecretBodySchema = z
  .object({
    name: SecretNameSchema,
    value: z.string().min(1).max(SECRET_VALUE_MAX),
    allowedHosts: SecretHostsSchema.optional(),
  })
  .strict();
export type CreateSecretBody = z.infer<typeof CreateSecretBodySchema>;

/** A new value, new hosts, or both; what is left out stays. */
export const UpdateSecretBodySchema = z
  .object({
    value: z.string().min(1).max(SECRET_VALUE_MAX).optional(),
    allowedHosts: SecretHostsSchema.optional(),
  })
  .strict()
  .refine((body) => body.value !== undefined || body.allowedHosts !== undefined, {
    message: 'give a value, allowedHosts, or both',
  });
export type UpdateSecretBody = z.infer<typeof UpdateSecretBodySchema>;

export const SecretResponseSchema = z.object({ secret: SecretSchema });
