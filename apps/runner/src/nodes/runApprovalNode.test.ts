import type { NodeCheckpoint } from '@synapse/db';
import { initRunDoc, RUNNER_ORIGIN, readRun, type WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CallModel } from '../callModel';
import { createRunWriter } from '../createRunWriter';
import { executeRun } from '../executeRun';
import type { ApprovalGate, ApprovalOutcome } from '../RunNodeContext';
import { gatedGraph } from '../test/runFixture';

function harness(graph: WorkflowGraph) {
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 1, graph },
    RUNNER_ORIGIN,
  );
  const writer = createRunWriter(doc, { coalesceMs: 0 });
  const prompts: string[] = [];
  const callModel: CallModel = (req) => {
    prompts.push(req.prompt);
    return (async function* () {
      yield { type: 'attempt' as const, attempt: 1, provider: 'fake', model: 'm' };
      yield { type: 'text' as const, text: `out(${req.prompt})` };
      yield { type: 'done' as const, finishReason: 'stop' };
    })();
  };
  const checkpoints = new Map<string, NodeCheckpoint>();
  let decision: ApprovalOutcome | null = null;
  const asked: string[] = [];
  const gate: ApprovalGate = {
    async ask(nodeId, request) {
      asked.push(`${nodeId}:${request.value}`);
      return decision;
    },
  };
  const run = () =>
    executeRun({
      graph,
      inputs: {},
      callModel,
      writer,
      signal: new AbortController().signal,
      concurrency: 4,
      approvals: gate,
      checkpoints,
      checkpoint: async (c) => {
        checkpoints.set(c.nodeId, c);
        return true;
      },
      now: () => 5,
    });
  return { doc, run, prompts, asked, decide: (d: ApprovalOutcome) => (decision = d), checkpoints };
}

describe('Human approval node', () => {
  it('waits without releasing anything downstream, then resumes from checkpoints with the edited value', async () => {
    const h = harness(gatedGraph());
    const first = await h.run();
    expect(first).toMatchObject({ status: 'waiting', waiting: ['gate'] });
    expect(readRun(h.doc)?.nodes.gate?.status).toBe('waiting');
    expect(readRun(h.doc)?.nodes.yes?.status).toBe('queued');
    expect(h.checkpoints.has('gate')).toBe(false);
    expect(h.asked).toEqual(['gate:draft']);

    h.decide({ decision: 'approved', value: 'edited text', comment: null, decidedByName: 'Bob' });
    const second = await h.run();
    expect(second.status).toBe('succeeded');
    // The input node came from its checkpoint; only the approved branch ran, with the edit.
    expect(h.prompts).toEqual(['yes edited text']);
    const run = readRun(h.doc)!;
    expect(run.nodes.gate).toMatchObject({ status: 'succeeded', branch: 'approved', output: 'edited text' });
    expect(run.nodes.late?.status).toBe('skipped');
  });

  it('takes the timeout branch with the proposed value', async () => {
    const h = harness(gatedGraph());
    h.decide({ decision: 'timeout', value: null, comment: null, decidedByName: null });
    expect((await h.run()).status).toBe('succeeded');
    expect(h.prompts).toEqual(['late draft']);
    expect(readRun(h.doc)?.nodes.yes?.status).toBe('skipped');
  });

  it('fails the run on a rejection, naming who rejected and why', async () => {
    const h = harness(gatedGraph());
    h.decide({ decision: 'rejected', value: null, comment: 'too long', decidedByName: 'Bob' });
    const outcome = await h.run();
    expect(outcome.status).toBe('failed');
    expect(readRun(h.doc)?.nodes.gate).toMatchObject({
      status: 'failed',
      error: 'rejected by Bob: too long',
      errorCode: 'synapse.approval.rejected',
    });
    expect(h.prompts).toEqual([]);
  });

  it('outputs exactly the declared fields as JSON when the node has fields', async () => {
    const h = harness(
      gatedGraph({
        fields: [
          { name: 'title', label: 'Title' },
          { name: 'tone', label: 'Tone' },
        ],
      }),
    );
    h.decide({
      decision: 'approved',
      value: JSON.stringify({ title: 'Tides', extra: 'x' }),
      comment: null,
      decidedByName: 'Bob',
    });
    await h.run();
    expect(readRun(h.doc)?.nodes.gate?.output).toBe('{"title":"Tides","tone":""}');
  });
});
