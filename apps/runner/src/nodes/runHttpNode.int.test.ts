import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AddressPolicy, createGuardedFetch } from '@synapse/db';
import { createLocalModel, createModelRouter } from '@synapse/providers';
import type { GraphNode, WorkflowGraph } from '@synapse/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCallModel } from '../createCallModel';
import type { NodeHttp } from '../http/NodeHttp';
import { createMemorySecretsVault } from '../http/SecretsVault';
import { runHeadless } from '../runHeadless';

// HTTP request nodes against a real loopback server, through the real guarded fetch and address policy.

const TOKEN = 'ghp_example_secret_token_1234';
const LOOPBACK: AddressPolicy = { allowPrivate: false, allow: ['127.0.0.0/8', '::1/128'] };

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: ReturnType<typeof createServer>;
let base: string;
let seen: Seen[];
let handler: Handler;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    handler(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
});

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function httpNode(id: string, data: Record<string, unknown>): GraphNode {
  return { id, type: 'http', position: { x: 0, y: 0 }, data: { label: id, ...data } };
}

function graphOf(nodes: GraphNode[], edges: [string, string][] = []): WorkflowGraph {
  return {
    name: 'http',
    nodes,
    edges: edges.map(([source, target]) => ({
      id: `${source}:out->${target}:in`,
      source,
      target,
      sourceHandle: 'out',
      targetHandle: 'in',
    })),
  };
}

function services(policy: AddressPolicy = LOOPBACK, delays: number[] = []): NodeHttp {
  const vault = createMemorySecretsVault(() => ({ TOKEN }));
  return {
    fetch: createGuardedFetch({ policy }),
    readSecrets: (names) => vault.readSecrets('ws', names),
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
  };
}

const local = createLocalModel({ tokenDelayMs: 0 });
const callModel = createCallModel(createModelRouter({ resolveProvider: () => local }));

async function run(graph: WorkflowGraph, http?: NodeHttp) {
  const result = await runHeadless({ graph, inputs: {}, callModel, ...(http ? { http } : {}) });
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('HTTP request node', () => {
  it('sends the secret, shows only its reference, and exposes status, headers and body downstream', async () => {
    handler = (req, res) =>
      json(
        res,
        200,
        { items: [{ title: 'First issue' }], echoed: req.headers.authorization },
        { 'x-ratelimit-remaining': '59' },
      );
    const graph = graphOf(
      [
        httpNode('h', {
          key: 'listing',
          url: `${base}/items?q={{input}}`,
          headers: [{ name: 'Authorization', value: 'Bearer {{secrets.TOKEN}}' }],
        }),
        {
          id: 'o',
          type: 'agent',
          position: { x: 0, y: 0 },
          data: {
            label: 'o',
            provider: 'local',
            model: 'local-demo',
            systemPrompt: '',
            userPrompt:
              '{{nodes.listing.output.status}} {{nodes.listing.output.body.items.0.title}} {{nodes.listing.output.headers.x-ratelimit-remaining}}',
          },
        },
      ],
      [['h', 'o']],
    );
    const result = await run(graph, services());
    expect(result.outcome.status).toBe('succeeded');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const h = result.run.nodes.h!;
    expect(h.input).toBe(`GET ${base}/items?q=\nAuthorization: Bearer {{secrets.TOKEN}}`);
    const output = JSON.parse(h.output);
    expect(output).toMatchObject({
      status: 200,
      body: { items: [{ title: 'First issue' }], echoed: 'Bearer [secret TOKEN]' },
    });
    expect(output.headers['x-ratelimit-remaining']).toBe('59');
    expect(result.run.nodes.o?.input).toBe('200 First issue 59');
    // The secret is nowhere in the run, though the server echoed it.
    expect(JSON.stringify(result.run)).not.toContain(TOKEN);
  });

  it('retries a GET on 503 with backoff that honours retry-after, but never repeats a POST', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      if (calls < 3) json(res, 503, { error: 'busy' }, { 'retry-after': '2' });
      else json(res, 200, { ok: true });
    };
    const delays: number[] = [];
    const got = await run(graphOf([httpNode('h', { url: `${base}/flaky` })]), services(LOOPBACK, delays));
    expect(got.run.nodes.h).toMatchObject({ status: 'succeeded', attempt: 3 });
    expect(delays).toEqual([2000, 2000]);

    calls = 0;
    seen = [];
    const posted = await run(
      graphOf([httpNode('h', { method: 'POST', url: `${base}/flaky`, body: '{"a": 1}' })]),
      services(LOOPBACK, delays),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toBe('{"a": 1}');
    expect(posted.run.nodes.h).toMatchObject({ status: 'failed', errorCode: 'synapse.http.status' });
    expect(posted.run.nodes.h?.error).toContain('answered 503');
  });

  it('refuses private addresses by default and redirects to refused addresses', async () => {
    const refused = await run(
      graphOf([httpNode('h', { url: `${base}/x` })]),
      services({ allowPrivate: false, allow: [] }),
    );
    expect(refused.run.nodes.h).toMatchObject({ status: 'failed', errorCode: 'synapse.address.refused' });
    expect(seen).toHaveLength(0);

    handler = (_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    };
    const redirected = await run(graphOf([httpNode('h', { url: `${base}/go` })]), services());
    expect(redirected.run.nodes.h).toMatchObject({ status: 'failed', errorCode: 'synapse.address.refused' });
    expect(seen).toHaveLength(1);
  });

  it('follows a redirect to another origin without the credentials', async () => {
    // The same handler on a second port: another origin, whatever localhost resolves to.
    const other = createServer((req, res) => server.emit('request', req, res));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    handler = (req, res) => {
      if (req.url === '/start') {
        res.writeHead(307, { location: `http://127.0.0.1:${port}/landed` });
        res.end();
      } else json(res, 200, { landed: true });
    };
    const result = await run(
      graphOf([
        httpNode('h', {
          url: `${base}/start`,
          headers: [
            { name: 'Authorization', value: 'Bearer {{secrets.TOKEN}}' },
            { name: 'X-Api-Key', value: '{{secrets.TOKEN}}' },
            { name: 'Accept', value: 'application/json' },
          ],
        }),
      ]),
      services(),
    );
    expect(result.run.nodes.h?.status).toBe('succeeded');
    expect(seen.map((s) => s.path)).toEqual(['/start', '/landed']);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers['x-api-key']).toBeUndefined();
    expect(seen[1]?.headers.accept).toBe('application/json');
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  });

  it('refuses to resend a body carrying a secret to another origin on a 307, and sends nothing there', async () => {
    const other = createServer((req, res) => server.emit('request', req, res));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    handler = (req, res) => {
      if (req.url === '/start') {
        res.writeHead(307, { location: `http://127.0.0.1:${port}/landed` });
        res.end();
      } else json(res, 200, { landed: true });
    };
    seen = [];
    const result = await run(
      graphOf([
        httpNode('h', {
          method: 'POST',
          url: `${base}/start`,
          body: '{"token": "{{secrets.TOKEN}}"}',
        }),
      ]),
      services(),
    );
    expect(result.run.nodes.h).toMatchObject({
      status: 'failed',
      errorCode: 'synapse.http.invalid_request',
      error: expect.stringContaining('another origin would resend a body that carries a secret'),
    });
    expect(seen.map((s) => s.path)).toEqual(['/start']);
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  });

  it('fails on a response over the size cap, a missing secret, and without an HTTP client', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(5000));
    };
    const big = await run(
      graphOf([httpNode('h', { url: `${base}/big`, maxResponseBytes: 1024 })]),
      services(),
    );
    expect(big.run.nodes.h).toMatchObject({ status: 'failed', errorCode: 'synapse.http.too_large' });

    seen = [];
    const missing = await run(
      graphOf([httpNode('h', { url: `${base}/x`, headers: [{ name: 'X', value: '{{secrets.NOPE}}' }] })]),
      services(),
    );
    expect(missing.run.nodes.h).toMatchObject({ status: 'failed', errorCode: 'synapse.secrets.missing' });
    expect(missing.run.nodes.h?.error).toContain('NOPE');
    expect(seen).toHaveLength(0);

    const none = await run(graphOf([httpNode('h', { url: `${base}/x` })]));
    expect(none.run.nodes.h).toMatchObject({ status: 'failed', errorCode: 'synapse.http.unavailable' });
  });

  it('keeps a secret out of the error when the URL carries it', async () => {
    handler = (_req, res) => json(res, 404, { message: 'Not Found' });
    const result = await run(
      graphOf([httpNode('h', { url: `${base}/x?key={{secrets.TOKEN}}` })]),
      services(),
    );
    expect(seen[0]?.path).toBe(`/x?key=${TOKEN}`);
    expect(result.run.nodes.h?.error).toBe(`GET ${base}/x?key={{secrets.TOKEN}} answered 404 Not Found`);
    expect(JSON.stringify(result.run)).not.toContain(TOKEN);
  });
});
