import { describe, expect, it } from 'vitest';
import { renderWebhookInputs, resolveWebhookPath } from './renderWebhookInputs';
import { signWebhookBody, verifyWebhookSignature } from './verifyWebhookSignature';

const request = {
  body: { issue: { title: 'Broken build', labels: [{ name: 'bug' }] }, n: 3, flag: false, none: null },
  headers: { 'x-github-event': 'issues' },
  query: { ref: 'main' },
};

describe('resolveWebhookPath', () => {
  it('reads nested properties, array indexes, headers and query', () => {
    expect(resolveWebhookPath(request, 'body.issue.title')).toBe('Broken build');
    expect(resolveWebhookPath(request, 'body.issue.labels.0.name')).toBe('bug');
    expect(resolveWebhookPath(request, 'headers.x-github-event')).toBe('issues');
    expect(resolveWebhookPath(request, 'query.ref')).toBe('main');
    expect(resolveWebhookPath(request, 'body.n')).toBe('3');
    expect(resolveWebhookPath(request, 'body.flag')).toBe('false');
    expect(resolveWebhookPath(request, 'body.issue.labels')).toBe('[{"name":"bug"}]');
  });

  it('answers empty for missing paths, nulls, prototype lookups and anything that is not a plain path', () => {
    expect(resolveWebhookPath(request, 'body.issue.missing.deeper')).toBe('');
    expect(resolveWebhookPath(request, 'body.none')).toBe('');
    expect(resolveWebhookPath(request, 'body.__proto__')).toBe('');
    expect(resolveWebhookPath(request, 'body.constructor')).toBe('');
    expect(resolveWebhookPath(request, 'body.issue.title.length')).toBe('');
    expect(resolveWebhookPath(request, 'process.env')).toBe('');
    expect(resolveWebhookPath(request, 'body["issue"]')).toBe('');
  });
});

describe('renderWebhookInputs', () => {
  it('fills templates and leaves out inputs that render empty', () => {
    expect(
      renderWebhookInputs(
        {
          topic: '{{body.issue.title}}',
          sender: 'event {{ headers.x-github-event }} on {{query.ref}}',
          missing: '{{body.nope}}',
          fixed: 'plain',
        },
        request,
      ),
    ).toEqual({ topic: 'Broken build', sender: 'event issues on main', fixed: 'plain' });
  });
});

describe('verifyWebhookSignature', () => {
  const body = new TextEncoder().encode('{"a":1}');
  it('accepts the HMAC-SHA256 of the body with or without the sha256= prefix', () => {
    const signature = signWebhookBody('s3cret', body);
    expect(verifyWebhookSignature('s3cret', body, signature)).toBe(true);
    expect(verifyWebhookSignature('s3cret', body, signature.slice('sha256='.length))).toBe(true);
  });
  it('refuses another secret, another body, a missing or malformed header', () => {
    const signature = signWebhookBody('s3cret', body);
    expect(verifyWebhookSignature('other', body, signature)).toBe(false);
    expect(verifyWebhookSignature('s3cret', new TextEncoder().encode('{"a":2}'), signature)).toBe(false);
    expect(verifyWebhookSignature('s3cret', body, undefined)).toBe(false);
    expect(verifyWebhookSignature('s3cret', body, 'sha256=zz')).toBe(false);
  });
});
