import { createGuardedFetch } from '@synapse/db';
import { createLocalModel, createModelRouter, createOpenAIProvider } from '@synapse/providers';
import { createCallModel, createMemorySecretsVault, type NodeHttp, runHeadless } from '@synapse/runner';
import type { WorkflowGraph } from '@synapse/schema';
import {
  type FakeGitHub,
  type FakeLinkedIn,
  type FakeLlm,
  startFakeGitHub,
  startFakeLinkedIn,
  startFakeOpenAI,
} from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiateTemplate, templateById } from './index';

// The templates that fetch and post, end to end: the local model, the real HTTP node executor and
// guarded fetch (loopback allowed for the fakes), secrets from an in-memory vault.

const GITHUB_TOKEN = 'ghp_template_test_token';
const LINKEDIN_TOKEN = 'li_template_test_token';

let github: FakeGitHub;
let linkedin: FakeLinkedIn;
let openai: FakeLlm;

beforeAll(async () => {
  github = await startFakeGitHub({ token: GITHUB_TOKEN });
  linkedin = await startFakeLinkedIn({ token: LINKEDIN_TOKEN });
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await Promise.all([github?.close(), linkedin?.close(), openai?.close()]);
});

const http: NodeHttp = (() => {
  const vault = createMemorySecretsVault(() => ({ GITHUB_TOKEN, LINKEDIN_TOKEN }));
  return {
    fetch: createGuardedFetch({ policy: { allowPrivate: false, allow: ['127.0.0.0/8'] } }),
    readSecrets: (names) => vault.readSecrets('ws', names),
  };
})();

function callModel() {
  const local = createLocalModel({ tokenDelayMs: 0 });
  const fake = createOpenAIProvider({ id: 'openai', apiKey: 'sk-test', baseURL: openai.baseURL });
  return createCallModel(createModelRouter({ resolveProvider: (id) => (id === 'openai' ? fake : local) }));
}

async function run(graph: WorkflowGraph, inputs: Record<string, string>) {
  const result = await runHeadless({ graph, inputs, callModel: callModel(), http });
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('GitHub repo monitor', () => {
  it('fetches issues, pull requests and commits with the token and writes the security alert', async () => {
    const template = templateById('github-repo-monitor')!;
    expect(template.suggestedSchedule).toEqual({ cron: '0 9 * * 1', tz: 'UTC' });
    const result = await run(instantiateTemplate(template), { apiBaseUrl: github.url });
    expect(result.outcome.status).toBe('succeeded');
    expect(github.requests.map((r) => r.path).sort()).toEqual([
      '/repos/synapse-dev/synapse/commits',
      '/repos/synapse-dev/synapse/issues',
      '/repos/synapse-dev/synapse/pulls',
    ]);
    for (const request of github.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
      expect(request.headers['x-github-api-version']).toBe('2022-11-28');
    }
    const issues = JSON.parse(result.run.nodes.issues?.output ?? '{}');
    expect(issues.status).toBe(200);
    expect(issues.body.map((i: { number: number }) => i.number)).toContain(418);
    expect(Number(issues.headers['x-ratelimit-remaining'])).toBeLessThan(5000);
    // The summary read the fetched bodies; the advisory in issue #418 took the security branch.
    expect(result.run.nodes.summary?.input).toContain('Dependabot: security advisory');
    expect(result.run.nodes.triage?.branch).toBe('security');
    expect(result.run.nodes.digest?.status).toBe('skipped');
    expect(result.outputs[0]?.text).toContain('Local demo model');
    expect(JSON.stringify(result.run)).not.toContain(GITHUB_TOKEN);
  });
});

describe('LinkedIn post publisher', () => {
  const inputs = () => ({ apiBaseUrl: linkedin.url, author: 'urn:li:person:abc123' });

  it('on the local model the check does not approve, so nothing is posted', async () => {
    const result = await run(instantiateTemplate(templateById('linkedin-post-publisher')!), inputs());
    expect(result.outcome.status).toBe('succeeded');
    expect(result.run.nodes.verdict?.branch).toBe('revise');
    expect(result.run.nodes.publish?.status).toBe('skipped');
    expect(linkedin.posts).toHaveLength(0);
  });

  it('posts the approved text with the token when the check approves', async () => {
    const graph = instantiateTemplate(templateById('linkedin-post-publisher')!);
    const check = graph.nodes.find((n) => n.id === 'check')!;
    check.data.provider = 'openai';
    check.data.model = 'approver';
    openai.script({ match: { model: 'approver' }, text: 'APPROVE\nLooks good.' });
    const result = await run(graph, inputs());
    expect(result.outcome.status).toBe('succeeded');
    expect(result.run.nodes.publish?.status).toBe('succeeded');
    expect(linkedin.posts).toHaveLength(1);
    const post = linkedin.posts[0]!;
    expect(post.author).toBe('urn:li:person:abc123');
    expect(post.commentary).toBe(result.run.nodes.post?.output);
    expect(post.commentary).toContain('Local demo model');
    const published = JSON.parse(result.run.nodes.publish?.output ?? '{}');
    expect(published).toMatchObject({ status: 201, body: '' });
    expect(published.headers['x-restli-id']).toBe(post.id);
    expect(linkedin.requests.at(-1)?.headers.authorization).toBe(`Bearer ${LINKEDIN_TOKEN}`);
    expect(JSON.stringify(result.run)).not.toContain(LINKEDIN_TOKEN);
  });
});
