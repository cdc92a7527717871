import { initRunDoc, RUNNER_ORIGIN, readRun, updateNodeRun } from '@synapse/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createRunWriter } from './createRunWriter';
import { agentChain } from './test/runFixture';

describe('createRunWriter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A run document of agents a and b, and the updates a watcher would receive from it. */
  function setup() {
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      {
        runId: 'r',
        workflowId: 'wf',
        versionId: 'v',
        requestedBy: 'u',
        createdAt: 1,
        graph: agentChain(['a', 'b']),
      },
      RUNNER_ORIGIN,
    );
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const writer = createRunWriter(doc, { coalesceMs: 40 });
    const output = (id: string) => readRun(doc)?.nodes[id]?.output;
    return { doc, updates, writer, output };
  }

  it('coalesces streamed text of every node into one update per interval', async () => {
    const { updates, writer, output } = setup();

    writer.appendOutput('a', 'Hel');
    writer.appendOutput('b', 'Wor');
    writer.appendOutput('a', 'lo');
    await vi.advanceTimersByTimeAsync(39);
    expect(updates).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);

    expect(updates).toHaveLength(1);
    expect([output('a'), output('b')]).toEqual(['Hello', 'Wor']);
  });

  it('writes buffered text before a state change, in the same update', () => {
    const { doc, updates, writer } = setup();
    let seen: unknown;
    doc.on('afterTransaction', () => {
      const node = readRun(doc)?.nodes.a;
      seen = [node?.status, node?.output];
    });

    writer.appendOutput('a', 'final words');
    writer.update((d) => updateNodeRun(d, 'a', { status: 'succeeded', finishedAt: 2 }, RUNNER_ORIGIN));

    expect(updates).toHaveLength(1);
    expect(seen).toEqual(['succeeded', 'final words']);
  });

  it('replaces a node output whole, dropping what was buffered for it', () => {
    const { writer, output } = setup();

    writer.appendOutput('a', 'partial');
    writer.replaceOutput('a', 'from the checkpoint');

    expect(output('a')).toBe('from the checkpoint');
  });

  it('batches several changes into one update', () => {
    const { updates, writer } = setup();

    writer.batch(() => {
      writer.update((d) => updateNodeRun(d, 'a', { status: 'running' }, RUNNER_ORIGIN));
      writer.update((d) => updateNodeRun(d, 'b', { status: 'running' }, RUNNER_ORIGIN));
    });

    expect(updates).toHaveLength(1);
  });

  it('writes the node patches of one turn as one update, before the turn ends', async () => {
    const { doc, updates, writer } = setup();

    writer.patchNode('a', { status: 'running', attempt: 1, startedAt: 2 }, { resetOutput: true });
    writer.patchNode('b', { status: 'running', attempt: 1, startedAt: 2 });
    writer.appendOutput('a', 'done');
    writer.patchNode('a', { status: 'succeeded', finishedAt: 3 });
    expect(updates).toHaveLength(0);
    await Promise.resolve();

    expect(updates).toHaveLength(1);
    const run = readRun(doc);
    expect(run?.nodes.a).toMatchObject({ status: 'succeeded', output: 'done', startedAt: 2, finishedAt: 3 });
    expect(run?.nodes.b).toMatchObject({ status: 'running', startedAt: 2 });
  });

  it('empties the output on a queued reset, whatever was written or buffered before it', async () => {
    const { writer, output } = setup();
    writer.replaceOutput('a', 'an earlier attempt');

    writer.appendOutput('a', ' and more');
    writer.patchNode('a', { status: 'running' }, { resetOutput: true });
    writer.appendOutput('a', 'fresh');
    writer.flush();

    expect(output('a')).toBe('fresh');
  });

  it('refuses a bad patch when it is made, not when it is written', () => {
    const { writer } = setup();

    expect(() => writer.patchNode('a', { status: 'exploded' as never })).toThrow(RangeError);
    expect(() => writer.patchNode('no such/id', { status: 'running' })).toThrow(RangeError);
  });

  it('writes queued patches before a later change, so watchers see them in order', () => {
    const { doc, writer } = setup();
    const seen: unknown[] = [];
    doc.on('afterTransaction', () => seen.push(readRun(doc)?.nodes.a?.status));

    writer.patchNode('a', { status: 'running' });
    writer.update((d) => updateNodeRun(d, 'a', { status: 'waiting' }, RUNNER_ORIGIN));

    expect(seen).toEqual(['waiting']);
    expect(readRun(doc)?.nodes.a?.status).toBe('waiting');
  });

  it('hands an error of a queued write to the next caller instead of throwing it from a microtask', async () => {
    const { doc, writer } = setup();
    let fail = true;
    doc.on('update', () => {
      if (fail) {
        fail = false;
        throw new Error('the connection broke');
      }
    });

    writer.patchNode('a', { status: 'running' });
    await Promise.resolve();

    expect(() => writer.flush()).toThrow('the connection broke');
    expect(() => writer.flush()).not.toThrow();
    expect(readRun(doc)?.nodes.a?.status).toBe('running');
  });

  it('writes the rest on dispose and then stays quiet', async () => {
    const { updates, writer, output } = setup();

    writer.appendOutput('a', 'tail');
    writer.dispose();
    expect(output('a')).toBe('tail');
    await vi.advanceTimersByTimeAsync(1_000);

    expect(updates).toHaveLength(1);
  });

  it('ignores empty text', async () => {
    const { updates, writer } = setup();

    writer.appendOutput('a', '');
    await vi.advanceTimersByTimeAsync(100);

    expect(updates).toHaveLength(0);
  });
});
