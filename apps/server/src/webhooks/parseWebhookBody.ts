import { isFormEncoded } from '../http/bodyGuards';

export type ParsedWebhookBody = { ok: true; body: unknown } | { ok: false; reason: string };

/**
 * A delivery's body as templates see it (`{{body.…}}`). JSON is parsed as is. A form-encoded body — what
 * GitHub sends unless the hook is set to `application/json` — carries the JSON in its `payload` field;
 * other forms become an object of their fields (the last value of a repeated one). The signature was
 * checked over the raw bytes before this runs.
 */
export function parseWebhookBody(raw: Uint8Array, contentType: string | undefined): ParsedWebhookBody {
  if (raw.byteLength === 0) return { ok: true, body: {} };
  const text = new TextDecoder().decode(raw);
  if (isFormEncoded(contentType)) {
    const fields = new URLSearchParams(text);
    const payload = fields.get('payload');
    if (payload === null) return { ok: true, body: Object.fromEntries(fields) };
    return parseJson(payload, 'the form field `payload` is not valid JSON');
  }
  return parseJson(text, 'request body is not valid JSON');
}

function parseJson(text: string, reason: string): ParsedWebhookBody {
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason };
  }
}
