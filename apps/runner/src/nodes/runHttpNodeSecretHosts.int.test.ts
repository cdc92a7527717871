import { type AddressPolicy, createGuardedFetch } from '@synapse/db';
import { createLocalModel, createModelRouter } from '@synapse/providers';
import { ErrorCodes, type GraphNode, type ScopedSecret } from '@synapse/schema';
import {
  type FakeGitHub,
  type LoopbackServer,
  sendJson,
  startFakeGitHub,
  startLoopbackServer,
} from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallModel } from '../createCallModel';
import type { NodeHttp } from '../http/NodeHttp';
import { createMemorySecretsVault } from '../http/SecretsVault';
import { runHeadless } from '../runHeadless';

// Vault secrets limited to hosts (ADR 0028), against real loopback servers through the real guarded fetch.
// Every server listens on 127.0.0.1; "another host" is `localhost`, which the node refuses by name before
// anything is resolved or sent, so the tests do not depend on what localhost resolves to.

const TOKEN = 'ghp_scoped_secret_token_5678';
const LOOPBACK: AddressPolicy = { allowPrivate: false, allow: ['127.0.0.0/8', '::1/128'] };

let github: FakeGitHub;
let other: LoopbackServer;
/** Redirects to `?to=` with the `token` it was given in the query: a server bouncing a secret onwards. */
let bouncer: LoopbackServer;

beforeAll(async () => {
  github = await startFakeGitHub({ token: TOKEN });
  other = await startLoopbackServer((_request, res) => sendJson(res, 200, { ok: true }));
  bouncer = await startLoopbackServer((request, res) => {
    const to = new URL(request.query.get('to') ?? '');
    to.searchParams.set('token', request.query.get('token') ?? '');
    res.writeHead(302, { location: to.href });
    res.end();
  });
});
afterAll(async () => {
  await Promise.all([github.close(), other.close(), bouncer.close()]);
});

function http(allowedHosts: string[]): NodeHttp {
  const secret: ScopedSecret = { value: TOKEN, allowedHosts };
  const vault = createMemorySecretsVault(() => ({ TOKEN: secret }));
  return {
    fetch: createGuardedFetch({ policy: LOOPBACK }),
    readSecrets: (names) => vault.readSecrets('ws', names),
  };
}

const local = createLocalModel({ tokenDelayMs: 0 });
const callModel = createCallModel(createModelRouter({ resolveProvider: () => local }));

async function runNode(data: Record<string, unknown>, allowedHosts: string[]) {
  const node: GraphNode = { id: 'h', type: 'http', position: { x: 0, y: 0 }, data: { label: 'h', ...data } };
  const result = await runHeadless({
    graph: { name: 'hosts', nodes: [node], edges: [] },
    inputs: {},
    callModel,
    http: http(allowedHosts),
  });
  if (!result.ok) throw new Error(result.message);
  return result.run.nodes.h;
}

const issues = () => `${github.url}/repos/synapse-dev/synapse/issues?per_page=1`;
const bearer = [{ name: 'Authorization', value: 'Bearer {{secrets.TOKEN}}' }];

describe('HTTP request node: secrets limited to hosts', () => {
  it('sends a secret to a host on its list (any port), and to any host when the list is empty', async () => {
    const before = github.requests.length;
    const allowed = await runNode({ url: issues(), headers: bearer }, ['api.github.com', '127.0.0.1']);
    expect(allowed).toMatchObject({ status: 'succeeded' });
    const unlimited = await runNode({ url: issues(), headers: bearer }, []);
    expect(unlimited).toMatchObject({ status: 'succeeded' });
    expect(github.requests.slice(before).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it('fails before sending anything when the host is not on the list, naming the secret and the host', async () => {
    const before = github.requests.length;
    const inHeader = await runNode({ url: issues(), headers: bearer }, ['api.github.com', '*.example.com']);
    expect(inHeader).toMatchObject({ status: 'failed', errorCode: ErrorCodes.httpSecretHost });
    expect(inHeader?.error).toBe(
      'the secret TOKEN may only be sent to api.github.com, *.example.com, not to 127.0.0.1',
    );
    // In the body or the URL: the same refusal, and the value is nowhere in what the node wrote.
    const inBody = await runNode({ method: 'POST', url: issues(), body: '{"token":"{{secrets.TOKEN}}"}' }, [
      'api.github.com',
    ]);
    const inUrl = await runNode({ url: `${issues()}&token={{secrets.TOKEN}}` }, ['api.github.com']);
    for (const node of [inBody, inUrl]) {
      expect(node).toMatchObject({ status: 'failed', errorCode: ErrorCodes.httpSecretHost });
      expect(JSON.stringify(node)).not.toContain(TOKEN);
    }
    expect(github.requests.length).toBe(before);
  });

  it('does not follow a redirect that would carry the secret to a host not on its list', async () => {
    const port = new URL(other.url).port;
    const bounce = (to: string) => ({
      url: `${bouncer.url}/bounce?to=${encodeURIComponent(to)}&token={{secrets.TOKEN}}`,
    });
    // Same host, another port (another origin): allowed, and the bounced secret arrives.
    const sameHost = await runNode(bounce(`http://127.0.0.1:${port}/land`), ['127.0.0.1']);
    expect(sameHost).toMatchObject({ status: 'succeeded' });
    expect(other.requests.at(-1)?.query.get('token')).toBe(TOKEN);

    const seen = other.requests.length;
    const bounced = bouncer.requests.length;
    const elsewhere = await runNode(bounce(`http://localhost:${port}/land`), ['127.0.0.1']);
    expect(elsewhere).toMatchObject({ status: 'failed', errorCode: ErrorCodes.httpSecretHost });
    expect(elsewhere?.error).toContain('the secret TOKEN may only be sent to 127.0.0.1, not to localhost');
    expect(JSON.stringify(elsewhere)).not.toContain(TOKEN);
    expect(bouncer.requests.length).toBe(bounced + 1);
    expect(other.requests.length).toBe(seen);
  });
});
