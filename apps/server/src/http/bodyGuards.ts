import { ErrorCodes } from '@synapse/schema';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from './HttpError';

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** Whether a Content-Type header names an HTML form body (`application/x-www-form-urlencoded`). */
export function isFormEncoded(type: string | undefined): boolean {
  return FORM_TYPE.test(type ?? '');
}

/**
 * Caps a request body before anything reads it (Content-Length is checked up front; a chunked body is
 * counted as it streams), so a huge body costs neither memory nor parsing time: 413 with a clear error.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    // Answered here, not thrown: a streamed body overflows while the route reads it, after the app's
    // error handler has had its turn.
    onError: (c) =>
      c.json(
        new HttpError(413, ErrorCodes.payloadTooLarge, `request body is larger than ${maxBytes} bytes`, {
          limitBytes: maxBytes,
        }).toJSON(),
        413,
      ),
  });
}

/**
 * The API speaks JSON only: a body of any other type is refused with 415 before a route reads it (a
 * request without a body — `POST /runs` with no inputs — needs no type). Paths under `formPrefixes` also
 * take form-encoded bodies: webhook deliveries, since GitHub sends `application/x-www-form-urlencoded`
 * unless told otherwise.
 */
export function requireJsonBody(options: { formPrefixes?: readonly string[] } = {}): MiddlewareHandler {
  return async (c, next) => {
    const hasBody =
      c.req.header('transfer-encoding') !== undefined || Number(c.req.header('content-length') ?? 0) > 0;
    const type = c.req.header('content-type') ?? '';
    const formAllowed = options.formPrefixes?.some((prefix) => c.req.path.startsWith(prefix)) ?? false;
    if (hasBody && !JSON_TYPE.test(type) && !(formAllowed && isFormEncoded(type))) {
      throw new HttpError(
        415,
        ErrorCodes.unsupportedMediaType,
        `request body must be application/json${type ? ` (got ${type.split(';')[0]})` : ''}`,
      );
    }
    return next();
  };
}
