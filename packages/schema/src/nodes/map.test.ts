import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkRunnable } from '../checkRunnable';
import { ErrorCodes } from '../errorCodes';
import type { GraphNode, WorkflowGraph } from '../graphTypes';
import { startMapItems, updateMapItem } from '../mapItemRuns';
import { RUNNER_ORIGIN } from '../origins';
import { readRun } from '../readRun';
import { initRunDoc } from '../runDoc';
import { MAP_MAX_ITEMS, mapCallSettings, mapDataOf, mapNode, renderMapPrompt, splitMapItems } from './map';

const map = (data: Record<string, unknown>): GraphNode => ({
  id: 'm',
  type: 'map',
  position: { x: 0, y: 0 },
  data: { label: 'Each', key: 'each', ...data },
});

function graphWith(mapData: Record<string, unknown>): WorkflowGraph {
  return {
    name: 'g',
    nodes: [
      {
        id: 'src',
        type: 'agent',
        position: { x: 0, y: 0 },
        data: { label: 'Ideas', key: 'ideas', ...mapNode.defaults(), userPrompt: 'list' },
      },
      map({ ...mapNode.defaults(), ...mapData }),
    ],
    edges: [{ id: 'src:out->m:in', source: 'src', target: 'm', sourceHandle: 'out', targetHandle: 'in' }],
  };
}

describe('map node', () => {
  it('clamps the concurrency cap to 1–16 (default 4) and retries as agents do', () => {
    expect(mapCallSettings(mapDataOf(map({}))).concurrency).toBe(4);
    expect(mapCallSettings(mapDataOf(map({ concurrency: 99 }))).concurrency).toBe(16);
    expect(mapCallSettings(mapDataOf(map({ concurrency: 0 }))).concurrency).toBe(1);
    expect(mapCallSettings(mapDataOf(map({ concurrency: 2.9, retries: -1 })))).toMatchObject({
      concurrency: 2,
      retries: 0,
      timeoutMs: null,
    });
  });

  it('reads mistyped fields as their defaults', () => {
    const data = mapDataOf(map({ listFormat: 'csv', failurePolicy: 'ignore', concurrency: 'x' }));
    expect(data).toMatchObject({ listFormat: 'json', failurePolicy: 'fail' });
    expect(data.concurrency).toBeUndefined();
  });

  it('splits a JSON array (non-strings as their JSON) or the non-blank lines of a text', () => {
    expect(splitMapItems('["a", {"b": 1}, 3]', 'json')).toEqual({ ok: true, items: ['a', '{"b":1}', '3'] });
    expect(splitMapItems(' one \r\n\n two\n', 'lines')).toEqual({ ok: true, items: ['one', 'two'] });
    expect(splitMapItems('{"a":1}', 'json')).toEqual({
      ok: false,
      error: 'the list is JSON but not an array',
    });
    expect(splitMapItems('one\ntwo', 'json').ok).toBe(false);
    const many = splitMapItems(
      JSON.stringify(Array.from({ length: MAP_MAX_ITEMS + 1 }, (_, i) => i)),
      'json',
    );
    expect(many).toEqual({ ok: false, error: expect.stringContaining(`at most ${MAP_MAX_ITEMS}`) });
  });

  it('fills {{item}} and {{index}} in one pass: neither an item nor an output is expanded again', () => {
    const ctx = {
      upstream: 'up {{item}}',
      outputs: { src: 'out {{index}}' },
      refs: new Map([['ideas', 'src']]),
    };
    expect(
      renderMapPrompt('#{{ index }}: {{item}} / {{input}} / {{nodes.ideas.output}}', ctx, '{{input}}', 3),
    ).toBe('#3: {{input}} / up {{item}} / out {{index}}');
  });

  it('runs when its list names an upstream node; {{item}} and {{index}} are allowed only in its prompts', () => {
    expect(
      checkRunnable(graphWith({ list: '{{nodes.ideas.output}}', userPrompt: 'Expand {{item}} ({{index}})' }))
        .ok,
    ).toBe(true);
    const inList = checkRunnable(graphWith({ list: '{{item}}' }));
    expect(inList).toMatchObject({ ok: false, code: ErrorCodes.dagUnknownReference });
    expect(!inList.ok && inList.issues[0]).toMatchObject({ nodeId: 'm', field: 'list' });
  });

  it('refuses a list reference to a node that does not exist, and an empty list or prompt', () => {
    const missing = checkRunnable(graphWith({ list: '{{nodes.nope.output}}' }));
    expect(missing).toMatchObject({ ok: false, code: ErrorCodes.dagUnknownReference });
    expect(!missing.ok && missing.message).toMatch(/nodes\.nope\.output.*no such node/);
    const empty = checkRunnable(graphWith({ list: '  ', userPrompt: '' }));
    expect(empty).toMatchObject({ ok: false, code: ErrorCodes.nodeInvalidConfig });
    expect(!empty.ok && empty.issues.map((i) => i.field)).toEqual(['list', 'userPrompt']);
  });
});

describe('map items in the run document', () => {
  it('writes one queued entry per item and reads them back in index order', () => {
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph: graphWith({}) },
      RUNNER_ORIGIN,
    );
    startMapItems(doc, 'm', 12, RUNNER_ORIGIN);
    updateMapItem(doc, 'm', 10, { status: 'running', attempt: 1, startedAt: 5 }, RUNNER_ORIGIN);
    updateMapItem(doc, 'm', 10, { status: 'failed', error: 'boom', finishedAt: 9 }, RUNNER_ORIGIN);
    updateMapItem(doc, 'm', 2, { status: 'succeeded', output: 'x'.repeat(5000) }, RUNNER_ORIGIN);
    const items = readRun(doc)?.nodes.m?.items ?? [];
    expect(items.map((i) => i.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(items[10]).toEqual({
      index: 10,
      status: 'failed',
      attempt: 1,
      startedAt: 5,
      finishedAt: 9,
      error: 'boom',
    });
    expect(items[2]?.output).toHaveLength(2000);
    expect(() => updateMapItem(doc, 'm', 12, { status: 'running' }, RUNNER_ORIGIN)).toThrow(/no item 12/);
    startMapItems(doc, 'm', 1, RUNNER_ORIGIN);
    expect(readRun(doc)?.nodes.m?.items).toEqual([{ index: 0, status: 'queued', attempt: 0 }]);
  });
});
