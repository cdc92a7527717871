import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from './parseWebhookBody';

const bytes = (text: string) => new TextEncoder().encode(text);
const FORM = 'application/x-www-form-urlencoded';

describe('parseWebhookBody', () => {
  it('parses JSON, and an empty body as an empty object', () => {
    expect(parseWebhookBody(bytes('{"issue":{"title":"T"}}'), 'application/json')).toEqual({
      ok: true,
      body: { issue: { title: 'T' } },
    });
    expect(parseWebhookBody(new Uint8Array(), undefined)).toEqual({ ok: true, body: {} });
    expect(parseWebhookBody(bytes('{nope'), 'application/json')).toMatchObject({ ok: false });
  });

  it("reads GitHub's form-encoded deliveries from the payload field", () => {
    const payload = JSON.stringify({ action: 'opened', issue: { title: 'Tides & times = late' } });
    const raw = bytes(`payload=${encodeURIComponent(payload)}`);
    expect(parseWebhookBody(raw, `${FORM}; charset=utf-8`)).toEqual({
      ok: true,
      body: { action: 'opened', issue: { title: 'Tides & times = late' } },
    });
    expect(parseWebhookBody(bytes('payload=%7Bnope'), FORM)).toEqual({
      ok: false,
      reason: 'the form field `payload` is not valid JSON',
    });
  });

  it('turns other forms into their fields', () => {
    expect(parseWebhookBody(bytes('topic=Tides+late&n=1&n=2'), FORM)).toEqual({
      ok: true,
      body: { topic: 'Tides late', n: '2' },
    });
  });
});
