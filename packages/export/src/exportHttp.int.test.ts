import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeGitHub,
  type FakeLinkedIn,
  startFakeGitHub,
  startFakeLinkedIn,
} from '../../testkit/src/fakes/index';
import { type Harness, runEverywhere, startHarness } from './test/exportHarness';
import { edge, node, workflowFile } from './test/graphBuilders';

// HTTP request nodes exported to Python and TypeScript print what `synapse run` prints, against the
// fake GitHub and LinkedIn APIs: the same requests, the same response fields read downstream, the
// same secret redaction.

const TOKEN = 'ghp_export_parity_token';
const LINKEDIN = 'li_export_parity_token';

let h: Harness;
let github: FakeGitHub;
let linkedin: FakeLinkedIn;
beforeAll(async () => {
  h = await startHarness();
  github = await startFakeGitHub({ token: TOKEN });
  linkedin = await startFakeLinkedIn({ token: LINKEDIN });
});
afterAll(async () => {
  await Promise.all([h?.close(), github?.close(), linkedin?.close()]);
});
beforeEach(() => {
  for (const key of Object.keys(h.secrets)) delete h.secrets[key];
});

const runAll = (file: object, args: string[]) => runEverywhere(h, file, args);

const fakeArgs = () => ['--input', `github=${github.url}`, '--input', `linkedin=${linkedin.url}`];

function monitor() {
  return workflowFile(
    'Fetch and post',
    [
      node('in', 'input', {
        variables: [
          { name: 'repo', type: 'string', default: 'synapse-dev/synapse' },
          { name: 'github', type: 'string', default: '' },
          { name: 'linkedin', type: 'string', default: '' },
        ],
      }),
      node('issues', 'http', {
        key: 'gh_issues',
        method: 'GET',
        url: '{{input.github}}/repos/{{input.repo}}/issues?state=all&per_page=2&token={{secrets.GITHUB_TOKEN}}',
        headers: [
          { name: 'Authorization', value: 'Bearer {{secrets.GITHUB_TOKEN}}' },
          { name: 'Accept', value: 'application/vnd.github+json' },
        ],
      }),
      node('summary', 'agent', {
        userPrompt: 'Summarise "{{nodes.gh_issues.output.body.0.title}}" ({{nodes.gh_issues.output.status}})',
      }),
      node('post', 'http', {
        method: 'POST',
        url: '{{input.linkedin}}/rest/posts',
        headers: [
          { name: 'Authorization', value: 'Bearer {{secrets.LINKEDIN_TOKEN}}' },
          { name: 'LinkedIn-Version', value: '202405' },
        ],
        body: '{"author": "urn:li:person:{{input.repo}}", "commentary": "{{nodes.summary.output}}", "n": {{nodes.gh_issues.output.body.1.number}}}',
      }),
      node('report', 'router', {
        mode: 'rule',
        userPrompt:
          'status={{nodes.gh_issues.output.status}}\nsecond={{nodes.gh_issues.output.body.1}}\n' +
          'link={{nodes.gh_issues.output.headers.link}}\nlimit={{nodes.gh_issues.output.headers.x-ratelimit-limit}}\n' +
          'posted={{nodes.post.output.status}} body=[{{nodes.post.output.body}}] missing=[{{nodes.post.output.nope}}]',
        branches: [{ id: 'all', label: 'all', match: 'else' }],
      }),
      node('out', 'output', { label: 'Report' }),
    ],
    [
      edge('in', 'issues'),
      edge('issues', 'summary'),
      edge('summary', 'post'),
      edge('post', 'report'),
      edge('report', 'out', 'all'),
    ],
  );
}

describe('exported HTTP request nodes run like synapse run', () => {
  it('fetch with a secret, read response fields downstream, post JSON with escaped text', async () => {
    h.secrets.GITHUB_TOKEN = TOKEN;
    h.secrets.LINKEDIN_TOKEN = LINKEDIN;
    const out = await runAll(monitor(), fakeArgs());
    expect(out.synapse.code).toBe(0);
    const stdout = out.synapse.stdout;
    expect(stdout).toContain('status=200\n');
    expect(stdout).toContain('"number":415');
    expect(stdout).toContain('posted=201 body=[] missing=[]');
    // The token was in the URL, so GitHub's Link header carried it back: every run printed it redacted.
    expect(stdout).toContain('token=[secret GITHUB_TOKEN]');
    expect(stdout).not.toContain(TOKEN);
    // Three runs, three identical posts, the summary's quotes escaped into valid JSON.
    expect(linkedin.posts).toHaveLength(3);
    expect(new Set(linkedin.posts.map((p) => p.commentary)).size).toBe(1);
    expect(linkedin.posts[0]?.commentary).toContain('Summarise "Dependabot');
    const bodies = linkedin.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body).n);
    expect(bodies).toEqual([415, 415, 415]);
    const auth = github.requests.slice(-3).map((r) => r.headers.authorization);
    expect(auth).toEqual(Array(3).fill(`Bearer ${TOKEN}`));
  });

  it('redirects: followed, credentials dropped on another origin, 303 continues as GET', async () => {
    const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
    // Two listeners: another port is another origin, without relying on what localhost resolves to.
    const other = createServer((req, res) => handler(req, res));
    const handler = async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body: Buffer.concat(chunks).toString(),
      });
      const port = (other.address() as AddressInfo).port;
      if (req.url === '/start') res.writeHead(307, { location: `http://127.0.0.1:${port}/moved` }).end();
      else if (req.url === '/moved') res.writeHead(303, { location: '/done' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ done: req.url }));
    };
    const server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      h.secrets.API = 'api-secret-value';
      const file = workflowFile(
        'Redirects',
        [
          node('call', 'http', {
            method: 'POST',
            url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/start`,
            headers: [{ name: 'Authorization', value: 'Bearer {{secrets.API}}' }],
            body: '{"x": 1}',
          }),
          node('show', 'router', {
            mode: 'rule',
            userPrompt: '{{nodes.call.output.status}} {{nodes.call.output.body}}',
            branches: [{ id: 'all', label: 'all', match: 'else' }],
          }),
        ],
        [edge('call', 'show')],
      );
      const out = await runAll(file, []);
      expect(out.synapse.stdout).toBe('200 {"done":"/done"}\n');
      expect(seen).toHaveLength(9);
      for (let run = 0; run < 3; run++) {
        const [first, second, third] = seen.slice(run * 3, run * 3 + 3);
        expect(first).toMatchObject({
          method: 'POST',
          url: '/start',
          auth: 'Bearer api-secret-value',
          body: '{"x": 1}',
        });
        expect(second).toMatchObject({ method: 'POST', url: '/moved', auth: undefined, body: '{"x": 1}' });
        expect(third).toMatchObject({ method: 'GET', url: '/done', auth: undefined, body: '' });
      }
    } finally {
      for (const s of [server, other]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
    }
  });

  it('a missing secret fails the node before any request, everywhere', async () => {
    h.secrets.LINKEDIN_TOKEN = LINKEDIN;
    const before = github.requests.length;
    const out = await runAll(monitor(), [
      '--input',
      `github=${github.url}`,
      '--input',
      `linkedin=${linkedin.url}`,
    ]);
    expect(out.synapse.code).toBe(1);
    expect(github.requests.length).toBe(before);
    for (const lang of ['python', 'typescript'] as const) expect(out[lang].stderr).toContain('GITHUB_TOKEN');
  });

  it('a secret limited to other hosts is sent nowhere else, nor bounced there by a redirect, everywhere', async () => {
    // The fake GitHub is on 127.0.0.1: listed (any port), the run works; not listed, nothing is sent.
    const issues = (url: string) =>
      workflowFile(
        'Scoped',
        [
          node('issues', 'http', {
            method: 'GET',
            url,
            headers: [{ name: 'Authorization', value: 'Bearer {{secrets.GITHUB_TOKEN}}' }],
          }),
          node('show', 'router', {
            mode: 'rule',
            userPrompt: '{{nodes.issues.output.status}}',
            branches: [{ id: 'all', label: 'all', match: 'else' }],
          }),
        ],
        [edge('issues', 'show')],
      );
    h.secrets.GITHUB_TOKEN = TOKEN;
    h.secrets.GITHUB_TOKEN_HOSTS = 'api.github.com, 127.0.0.1';
    const listing = `${github.url}/repos/synapse-dev/synapse/issues?per_page=1`;
    const allowed = await runAll(issues(listing), []);
    for (const lang of ['synapse', 'python', 'typescript'] as const) expect(allowed[lang].code, lang).toBe(0);

    h.secrets.GITHUB_TOKEN_HOSTS = 'api.github.com';
    const before = github.requests.length;
    const refused = await runAll(issues(listing), []);
    expect(refused.synapse.code).toBe(1);
    expect(github.requests.length).toBe(before);
    for (const lang of ['synapse', 'python', 'typescript'] as const)
      expect(refused[lang].stderr, lang).toContain(
        'the secret GITHUB_TOKEN may only be sent to api.github.com, not to 127.0.0.1',
      );

    // A listed host that redirects to another, carrying the token it was sent in its query onwards.
    const landed: string[] = [];
    const bouncer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://bouncer');
      if (url.pathname === '/land') {
        landed.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        const port = (bouncer.address() as AddressInfo).port;
        res.writeHead(302, {
          location: `http://localhost:${port}/land?token=${url.searchParams.get('token')}`,
        });
        res.end();
      }
    });
    await new Promise<void>((resolve) => bouncer.listen(0, '127.0.0.1', resolve));
    try {
      h.secrets.GITHUB_TOKEN_HOSTS = '127.0.0.1';
      const port = (bouncer.address() as AddressInfo).port;
      const bounced = await runAll(
        issues(`http://127.0.0.1:${port}/start?token={{secrets.GITHUB_TOKEN}}`),
        [],
      );
      expect(bounced.synapse.code).toBe(1);
      for (const lang of ['synapse', 'python', 'typescript'] as const) {
        expect(bounced[lang].stderr, lang).toContain(
          'the secret GITHUB_TOKEN may only be sent to 127.0.0.1, not to localhost',
        );
        expect(bounced[lang].stderr, lang).not.toContain(TOKEN);
      }
      expect(landed).toEqual([]);
    } finally {
      bouncer.closeAllConnections();
      await new Promise((resolve) => bouncer.close(resolve));
    }
  });

  it('a non-2xx answer fails the node with the status, everywhere', async () => {
    h.secrets.GITHUB_TOKEN = 'wrong-token';
    h.secrets.LINKEDIN_TOKEN = LINKEDIN;
    const out = await runAll(monitor(), [
      '--input',
      `github=${github.url}`,
      '--input',
      `linkedin=${linkedin.url}`,
    ]);
    expect(out.synapse.code).toBe(1);
    for (const lang of ['synapse', 'python', 'typescript'] as const) {
      expect(out[lang].stderr).toContain('answered 401');
      expect(out[lang].stderr).not.toContain('wrong-token');
    }
  });
});
