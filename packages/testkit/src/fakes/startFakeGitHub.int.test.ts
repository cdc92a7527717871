import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const body = async (response: Response): Promise<any> => response.json();

import { type FakeGitHub, startFakeGitHub } from './startFakeGitHub';
import { type FakeLinkedIn, startFakeLinkedIn } from './startFakeLinkedIn';

describe('fake GitHub API', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub({ token: 'ghp_fake', rateLimit: 6 });
  });
  afterAll(async () => {
    await github?.close();
  });
  const get = (path: string, token = 'ghp_fake') =>
    fetch(`${github.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('pages issues with a Link header and counts the rate limit down until it refuses', async () => {
    const first = await get('/repos/synapse-dev/synapse/issues?state=all&per_page=2');
    expect(first.status).toBe(200);
    expect((await body(first)).map((i: { number: number }) => i.number)).toEqual([418, 415]);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('5');
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).toContain('page=3>; rel="last"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] as string;
    const second = await fetch(next, { headers: { authorization: 'token ghp_fake' } });
    expect((await body(second)).map((i: { number: number }) => i.number)).toEqual([412, 401]);
    expect(second.headers.get('link')).toContain('rel="prev"');

    const open = await body(await get('/repos/synapse-dev/synapse/pulls'));
    expect(open.map((p: { number: number }) => p.number)).toEqual([415]);
    const commits = await body(await get('/repos/synapse-dev/synapse/commits?since=2026-12-03T00:00:00Z'));
    expect(commits).toHaveLength(2);
    expect((await get('/repos/nobody/nothing/issues')).status).toBe(404);
    expect((await get('/repos/synapse-dev/synapse/issues')).status).toBe(200);
    const refused = await get('/repos/synapse-dev/synapse/issues');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await body(refused)).message).toBe('API rate limit exceeded');
  });

  it('refuses a wrong token', async () => {
    const response = await get('/repos/synapse-dev/synapse/issues', 'wrong');
    expect(response.status).toBe(401);
    expect((await body(response)).message).toBe('Bad credentials');
  });
});

describe('fake LinkedIn posting API', () => {
  let linkedin: FakeLinkedIn;
  beforeAll(async () => {
    linkedin = await startFakeLinkedIn({ token: 'li_fake' });
  });
  afterAll(async () => {
    await linkedin?.close();
  });
  const headers = {
    authorization: 'Bearer li_fake',
    'linkedin-version': '202405',
    'content-type': 'application/json',
  };

  it('publishes a post with a bearer token and lists it by author', async () => {
    const created = await fetch(`${linkedin.url}/rest/posts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ author: 'urn:li:person:me', commentary: 'Hello', visibility: 'PUBLIC' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-restli-id')).toBe(linkedin.posts[0]?.id);
    const listed = await body(await fetch(`${linkedin.url}/rest/posts?author=urn:li:person:me`, { headers }));
    expect(listed.elements.map((p: { commentary: string }) => p.commentary)).toEqual(['Hello']);
  });

  it('refuses a missing token, a missing version and an empty post', async () => {
    const post = (h: Record<string, string>, body: unknown) =>
      fetch(`${linkedin.url}/rest/posts`, { method: 'POST', headers: h, body: JSON.stringify(body) });
    const ok = { author: 'urn:li:person:me', commentary: 'x' };
    expect((await post({ 'linkedin-version': '202405' }, ok)).status).toBe(401);
    expect((await post({ authorization: 'Bearer li_fake' }, ok)).status).toBe(400);
    expect((await post(headers, { author: 'urn:li:person:me', commentary: ' ' })).status).toBe(422);
    expect(linkedin.posts).toHaveLength(1);
  });
});
