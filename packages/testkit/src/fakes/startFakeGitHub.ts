import type { ServerResponse } from 'node:http';
import {
  type LoopbackRequest,
  type LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './startLoopbackServer';

export interface FakeGitHubIssue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  body: string;
  updated_at: string;
  user: { login: string };
  /** Present on issues that are pull requests, as in GitHub's issues list. */
  pull_request?: { url: string };
}

export interface FakeGitHubPull {
  number: number;
  title: string;
  state: 'open' | 'closed';
  merged_at: string | null;
  updated_at: string;
  user: { login: string };
}

export interface FakeGitHubCommit {
  sha: string;
  commit: { message: string; author: { name: string; date: string } };
}

export interface FakeGitHubRepo {
  issues: FakeGitHubIssue[];
  pulls: FakeGitHubPull[];
  commits: FakeGitHubCommit[];
}

export interface FakeGitHubOptions {
  /** Repositories by `owner/name`; default: `synapse-dev/synapse` with a week of activity. */
  repos?: Record<string, FakeGitHubRepo>;
  /** The token every request must carry (`Authorization: Bearer …` or `token …`); absent: anonymous. */
  token?: string;
  /** Requests allowed per window before 403 "API rate limit exceeded" (default 5000). */
  rateLimit?: number;
  /** Unix seconds the rate-limit window resets at (the `X-RateLimit-Reset` header). */
  rateLimitResetAt?: number;
}

export interface FakeGitHub extends LoopbackServer {
  repos: Record<string, FakeGitHubRepo>;
  /** Requests left in the current window. */
  remaining(): number;
}

/** A week of activity, one issue mentioning a security advisory (what the monitor template routes on). */
export function sampleGitHubRepo(): FakeGitHubRepo {
  const day = (d: number) => `2026-12-0${d}T09:00:00Z`;
  const user = { login: 'octocat' };
  return {
    issues: [
      {
        number: 418,
        title: 'Dependabot: security advisory for ws < 8.17.1',
        state: 'open',
        body: 'Upgrade ws.',
        updated_at: day(6),
        user,
      },
      {
        number: 415,
        title: 'Add keyset pagination to the runs endpoint',
        state: 'open',
        body: '',
        updated_at: day(5),
        user,
        pull_request: { url: 'pulls/415' },
      },
      {
        number: 412,
        title: 'Bump postgres driver to 3.4.5',
        state: 'closed',
        body: '',
        updated_at: day(4),
        user,
        pull_request: { url: 'pulls/412' },
      },
      {
        number: 401,
        title: 'Flaky e2e test on Windows',
        state: 'closed',
        body: 'Fails one run in ten.',
        updated_at: day(3),
        user,
      },
      { number: 399, title: 'Docs: explain schedules', state: 'open', body: '', updated_at: day(2), user },
    ],
    pulls: [
      {
        number: 415,
        title: 'Add keyset pagination to the runs endpoint',
        state: 'open',
        merged_at: null,
        updated_at: day(5),
        user,
      },
      {
        number: 412,
        title: 'Bump postgres driver to 3.4.5',
        state: 'closed',
        merged_at: day(4),
        updated_at: day(4),
        user,
      },
      {
        number: 410,
        title: 'Remove the legacy exporter',
        state: 'closed',
        merged_at: null,
        updated_at: day(1),
        user,
      },
    ],
    commits: [
      {
        sha: '9f3c2e1a',
        commit: { message: 'Fix off-by-one in retry backoff', author: { name: 'Ada', date: day(6) } },
      },
      {
        sha: '4b1d7c0e',
        commit: { message: 'Bump postgres driver to 3.4.5 (#412)', author: { name: 'Lin', date: day(4) } },
      },
      {
        sha: '2a8e6f3b',
        commit: { message: 'Cache test databases in CI', author: { name: 'Ada', date: day(2) } },
      },
    ],
  };
}

const ROUTE = /^\/repos\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/(issues|pulls|commits)$/;

function pageLinks(request: LoopbackRequest, base: string, page: number, last: number): string {
  const link = (p: number, rel: string) => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(p));
    return `<${base}${request.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return links.join(', ');
}

/**
 * A GitHub REST API on loopback: `GET /repos/{owner}/{repo}/issues|pulls|commits` with `state`, `since`,
 * `per_page` (≤ 100, default 30) and `page`; Link-header pagination; `X-RateLimit-*` headers on every answer
 * and 403 once the window is spent; 401 "Bad credentials" without the token.
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const repos = options.repos ?? { 'synapse-dev/synapse': sampleGitHubRepo() };
  const limit = options.rateLimit ?? 5000;
  const reset = options.rateLimitResetAt ?? 1_900_000_000;
  let used = 0;
  let url = '';

  const handle = (request: LoopbackRequest, res: ServerResponse) => {
    const rate = () => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    });
    const auth = request.headers.authorization ?? '';
    if (
      options.token !== undefined &&
      auth !== `Bearer ${options.token}` &&
      auth !== `token ${options.token}`
    )
      return sendJson(res, 401, { message: 'Bad credentials', status: '401' }, rate());
    if (used >= limit)
      return sendJson(res, 403, { message: 'API rate limit exceeded', status: '403' }, rate());
    used += 1;
    const match = ROUTE.exec(request.path);
    const repo = match ? repos[`${match[1]}/${match[2]}`] : undefined;
    if (request.method !== 'GET' || !match || !repo)
      return sendJson(res, 404, { message: 'Not Found', status: '404' }, rate());
    const kind = match[3] as 'issues' | 'pulls' | 'commits';
    const state = request.query.get('state') ?? 'open';
    const since = request.query.get('since');
    let items: unknown[] = repo[kind];
    if (kind !== 'commits' && state !== 'all')
      items = (items as { state: string }[]).filter((i) => i.state === state);
    if (since && kind !== 'pulls')
      items = items.filter((i) => {
        const date =
          kind === 'commits' ? (i as FakeGitHubCommit).commit.author.date : (i as FakeGitHubIssue).updated_at;
        return date >= since;
      });
    const perPage = Math.max(1, Math.min(100, Number(request.query.get('per_page')) || 30));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const page = Math.max(1, Math.floor(Number(request.query.get('page')) || 1));
    const links = pageLinks(request, url, page, last);
    sendJson(res, 200, items.slice((page - 1) * perPage, page * perPage), {
      ...rate(),
      ...(links ? { link: links } : {}),
    });
  };

  const server = await startLoopbackServer(handle);
  url = server.url;
  return { ...server, repos, remaining: () => Math.max(0, limit - used) };
}
