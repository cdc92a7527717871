import type { ErrorCode } from '@synapse/schema';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one HTTP error type: every failure leaves the API as `{ error: { code, message, details? } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
