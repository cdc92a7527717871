import { ErrorCodes } from '@synapse/schema';
import type { ErrorBody } from '@synapse/schema/api';

/** What a failed response may hold: the API's error body, or nothing usable (a proxy's error page). */
type MaybeErrorBody = { error?: Partial<ErrorBody['error']> };

/** A failed API call, carrying the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static async fromResponse(res: Response): Promise<ApiError> {
    let body: MaybeErrorBody = {};
    try {
      body = (await res.json()) as MaybeErrorBody;
    } catch {
      // Not JSON (a proxy error page, say): fall back to the status line.
    }
    const error = body.error ?? {};
    return new ApiError(
      res.status,
      error.code ?? ErrorCodes.internal,
      error.message ?? `Request failed with HTTP ${res.status}`,
      error.details ?? {},
    );
  }
}
