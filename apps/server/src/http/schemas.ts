import { z } from '@hono/zod-openapi';
import { ErrorBodySchema } from '@synapse/schema/api';

// Server-side pieces of the route declarations. The request and response shapes the web app shares live
// in @synapse/schema/api; only path parameters and the error response table are the server's own.

export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1–64 characters of A–Z, a–z, 0–9, _ and -')
  .openapi({ example: 'default' });

export const errorResponse = (description: string) =>
  ({ description, content: { 'application/json': { schema: ErrorBodySchema } } }) as const;

export const errorResponses = {
  400: errorResponse('Malformed request'),
  401: errorResponse('Not signed in'),
  403: errorResponse('No access'),
  404: errorResponse('Not found'),
} as const;

export const tooManyRequests = errorResponse('Too many attempts');
