// Issue #14's proof for the GitHub repo monitor: made from its template through the API, its token put
// in the workspace vault through the API, published, and scheduled; one schedule tick (pg-boss's
// TestClock moves the job queue's clock a minute, as in scheduleTicks.int.test.ts) starts a run of the
// published version that fetches issues, pull requests and commits from the fake GitHub with the token
// and completes on the local model. The whole product runs: server, embedded runner, database vault,
// guarded fetch (loopback allowed for the fake).
import { isTerminalRunStatus, readRun, runDocName } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type FakeGitHub, startFakeGitHub } from '@synapse/testkit/fakes';
import { TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, waitUntil } from './support/connectClient';

const MINUTE = 60_000;
const TOKEN = 'ghp_scheduled_monitor_token_4242';
// Half a minute past a minute boundary, so one tick crosses exactly one cron occurrence.
const clock = new TestClock(Math.floor(Date.now() / MINUTE) * MINUTE + 30_000);

let stack: Stack;
let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub({ token: TOKEN });
  stack = await startStack({ server: { jobClock: clock } });
});
afterAll(async () => {
  await stack?.stop();
  await github?.close();
});

async function api<T>(path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('the GitHub repo monitor on a schedule', () => {
  it('fetches from the fake GitHub with the vault token and produces its report on one tick', async () => {
    const ws = '/api/workspaces/default';
    const created = await api<{ workflowId: string }>(`${ws}/templates/github-repo-monitor/use`, {});
    expect(created.status).toBe(201);
    const wf = `${ws}/workflows/${created.body.workflowId}`;
    expect((await api(`${ws}/secrets`, { name: 'GITHUB_TOKEN', value: TOKEN })).status).toBe(201);
    const version = await api<{ version: { id: string } }>(`${wf}/versions`, { name: 'Monitor v1' });
    expect(version.status).toBe(201);
    expect((await api(`${wf}/versions/${version.body.version.id}/publish`, {})).status).toBe(200);
    const schedule = await api<{ schedule: { id: string } }>(`${wf}/schedules`, {
      name: 'Every minute',
      cron: '* * * * *',
      inputs: { apiBaseUrl: github.url },
    });
    expect(schedule.status).toBe(201);
    expect(github.requests).toHaveLength(0);

    await clock.tick(MINUTE);
    let runId: string | null = null;
    const firings = `${wf}/schedules/${schedule.body.schedule.id}/firings`;
    for (const deadline = Date.now() + 30_000; runId === null && Date.now() < deadline; ) {
      const listed = await api<{ firings: { status: string; runId: string | null }[] }>(firings);
      runId = listed.body.firings.find((f) => f.runId)?.runId ?? null;
      if (runId === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(runId).not.toBeNull();

    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId as string));
    await waitUntil(
      () => {
        const status = readRun(watcher.doc)?.meta.status;
        return status !== undefined && isTerminalRunStatus(status);
      },
      'the scheduled run to end',
      30_000,
    );
    const run = readRun(watcher.doc)!;
    expect(run.meta.status).toBe('succeeded');
    expect(github.requests.map((r) => r.path).sort()).toEqual([
      '/repos/synapse-dev/synapse/commits',
      '/repos/synapse-dev/synapse/issues',
      '/repos/synapse-dev/synapse/pulls',
    ]);
    for (const request of github.requests) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The summary read all three responses; the report came from the local model.
    const summaryInput = run.nodes.summary?.input ?? '';
    expect(summaryInput).toContain('Dependabot: security advisory for ws < 8.17.1');
    expect(summaryInput).toContain('Remove the legacy exporter');
    expect(summaryInput).toContain('Fix off-by-one in retry backoff');
    expect(run.nodes.summary?.output).toContain('Local demo model');
    expect(run.nodes.report?.status).toBe('succeeded');
    expect(run.nodes.report?.output).toContain('Local demo model');
    // The token reached GitHub only: not the run document every member replicates.
    expect(Buffer.from(Y.encodeStateAsUpdate(watcher.doc)).toString('latin1')).not.toContain(TOKEN);
    watcher.destroy();
  });
});
