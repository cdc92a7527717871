import { describe, expect, it } from 'vitest';
import { findUnknownReferences } from '../findUnknownReferences';
import type { GraphNode } from '../graphTypes';
import { defaultNodeData } from '../nodeDefaults';
import { graphFixture } from '../test/graphFixture';
import { HTTP_LIMITS, httpDataOf, httpNode, renderHttpRequest } from './http';

function http(data: Record<string, unknown>): GraphNode {
  return { id: 'h', type: 'http', position: { x: 0, y: 0 }, data: { label: 'H', ...data } };
}

const ctx = {
  upstream: 'up',
  outputs: { post: 'Line one\n"quoted" \\ done', n: '{"count":3}' },
  inputs: { repo: 'octo/hello', q: 'a&b=c d' },
};

describe('httpDataOf', () => {
  it('defaults missing fields, clamps numbers and drops malformed headers', () => {
    const data = httpDataOf(
      http({
        method: 'TRACE',
        timeoutMs: 1,
        retries: 99,
        maxResponseBytes: 1e12,
        headers: [
          { name: 'X-Ok', value: 'v' },
          { name: 'bad name', value: 'x' },
          { value: 'no name' },
          'junk',
        ],
      }),
    );
    expect(data).toMatchObject({
      method: 'GET',
      url: '',
      body: '',
      bodyType: 'json',
      timeoutMs: HTTP_LIMITS.timeoutMs.min,
      retries: HTTP_LIMITS.retries.max,
      maxResponseBytes: HTTP_LIMITS.maxResponseBytes.max,
      headers: [{ name: 'X-Ok', value: 'v' }],
    });
  });
});

describe('renderHttpRequest', () => {
  it('inserts path values as written and percent-encodes query values', () => {
    const request = renderHttpRequest(
      httpDataOf(http({ url: ' https://api.example.com/repos/{{input.repo}}/issues?q={{input.q}}&x=1 ' })),
      ctx,
    );
    expect(request.url).toBe('https://api.example.com/repos/octo/hello/issues?q=a%26b%3Dc%20d&x=1');
    expect(request.body).toBeNull();
  });

  it('escapes values inside JSON strings and inserts them as written outside, so the body stays JSON', () => {
    const request = renderHttpRequest(
      httpDataOf(
        http({
          method: 'POST',
          body: '{"text": "{{nodes.post.output}}", "count": {{nodes.n.output.count}}, "esc": "a\\"{{input.repo}}"}',
        }),
      ),
      ctx,
    );
    expect(JSON.parse(request.body as string)).toEqual({
      text: 'Line one\n"quoted" \\ done',
      count: 3,
      esc: 'a"octo/hello',
    });
    expect(request.headers).toEqual([['content-type', 'application/json']]);
  });

  it('sends text bodies as rendered, keeps a given content type and never sends a GET body', () => {
    const text = renderHttpRequest(
      httpDataOf(
        http({
          method: 'PUT',
          bodyType: 'text',
          body: '"{{input}}"',
          headers: [{ name: 'Content-Type', value: 'text/csv' }],
        }),
      ),
      ctx,
    );
    expect(text.body).toBe('"up"');
    expect(text.headers).toEqual([['Content-Type', 'text/csv']]);
    expect(renderHttpRequest(httpDataOf(http({ method: 'GET', body: 'x' })), ctx).body).toBeNull();
  });

  it('leaves secrets as references unless they are given', () => {
    const data = httpDataOf(
      http({
        url: 'https://x.test/?key={{secrets.KEY}}',
        headers: [{ name: 'Authorization', value: 'Bearer {{secrets.TOKEN}}' }],
      }),
    );
    const shown = renderHttpRequest(data, ctx);
    expect(shown.url).toBe('https://x.test/?key={{secrets.KEY}}');
    expect(shown.headers).toEqual([['Authorization', 'Bearer {{secrets.TOKEN}}']]);
    const sent = renderHttpRequest(data, {
      ...ctx,
      secrets: new Map([
        ['KEY', 'k y'],
        ['TOKEN', 't0k'],
      ]),
    });
    expect(sent.url).toBe('https://x.test/?key=k%20y');
    expect(sent.headers).toEqual([['Authorization', 'Bearer t0k']]);
  });
});

describe('references of HTTP nodes', () => {
  it('checks the URL, header values and body, and allows secrets only in HTTP nodes', () => {
    const g = graphFixture(
      [['in', 'input'], ['h', 'http'], 'a'],
      [
        ['in', 'h'],
        ['h', 'a'],
      ],
      {
        in: { variables: [{ name: 'repo', type: 'string', default: '' }] },
        h: {
          key: 'fetch_repo',
          method: 'POST',
          url: 'https://x.test/{{input.repo}}/{{input.nope}}',
          headers: [{ name: 'Authorization', value: '{{secrets.TOKEN}} {{nodes.summary.output}}' }],
          body: '{{nodes.ghost.output.body}}',
        },
        a: { key: 'summary', userPrompt: '{{nodes.fetch_repo.output.body.items}} {{secrets.TOKEN}}' },
      },
    );
    expect(findUnknownReferences(g)).toEqual([
      { nodeId: 'h', field: 'url', reference: 'nope', reason: 'unknown_input' },
      { nodeId: 'h', field: 'headers.0', reference: 'summary', reason: 'not_upstream' },
      { nodeId: 'h', field: 'body', reference: 'ghost', reason: 'missing' },
      { nodeId: 'a', field: 'userPrompt', reference: 'TOKEN', reason: 'secret_not_allowed' },
    ]);
  });
});

describe('the HTTP request definition', () => {
  const issues = (data: Record<string, unknown>) => {
    const parsed = httpNode.config.safeParse(httpNode.read(http({ ...defaultNodeData('http'), ...data })));
    return parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  };

  it('refuses an empty URL and one that is not http(s), and accepts one a placeholder starts', () => {
    expect(issues({})).toEqual(['url: enter the URL to request']);
    expect(issues({ url: 'ftp://x.test/a' })).toEqual(['url: the URL must start with http:// or https://']);
    expect(issues({ url: 'HTTPS://api.github.com/repos' })).toEqual([]);
    expect(issues({ url: '{{input.base}}/issues' })).toEqual([]);
  });

  it('normalizes untrusted data to its fields and keeps numbers for read to clamp', () => {
    const data: Record<string, unknown> = {
      method: 'BREW',
      url: 5,
      headers: [{ name: 'X', value: 'y' }, { name: '' }],
      bodyType: 'xml',
      timeoutMs: 'soon',
      retries: 50,
    };
    httpNode.normalize(data);
    expect(data).toEqual({
      method: 'GET',
      url: '',
      headers: [{ name: 'X', value: 'y' }],
      body: '',
      bodyType: 'json',
      retries: 50,
    });
  });
});
