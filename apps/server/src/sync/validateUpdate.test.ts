import {
  addNode,
  connect,
  createWorkflowEntry,
  getNodeText,
  initWorkflowDoc,
  setNodeField,
  summarizeWorkflowGraph,
  USER_ORIGIN,
  updateWorkflowEntry,
} from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { summarizeUpdate } from './decodeUpdateWorker';
import { rulesFor } from './documentRules';
import { validateUpdate } from './validateUpdate';

/** A server document and a client replica in sync with it. */
function pair() {
  const server = new Y.Doc();
  initWorkflowDoc(server, { name: 'Flow' }, USER_ORIGIN);
  const a = addNode(server, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } }, USER_ORIGIN);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, a };
}

/** What the client would send for its changes since it last synced, checked against the server. */
function check(server: Y.Doc, client: Y.Doc, kind: 'workflow' | 'index' = 'workflow'): string | null {
  const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
  const decoded = summarizeUpdate(update);
  if (!decoded.ok) throw new Error(decoded.reason);
  return validateUpdate(server, decoded.items, rulesFor(kind))?.message ?? null;
}

describe('validateUpdate', () => {
  it('accepts what the editor writes: nodes, edges, fields, prompts, deletions', () => {
    const { server, client, a } = pair();
    const b = addNode(
      client,
      { type: 'agent', position: { x: 300, y: 0 }, data: { label: 'B' } },
      USER_ORIGIN,
    );
    expect(connect(client, { source: a, target: b }, USER_ORIGIN).ok).toBe(true);
    setNodeField(client, a, 'label', 'Renamed', USER_ORIGIN);
    getNodeText(client, a, 'systemPrompt')?.insert(0, 'You are careful. ');
    client.getMap('meta').set('name', 'New name');
    expect(check(server, client)).toBeNull();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    client.getMap('nodes').delete(b);
    getNodeText(client, a, 'systemPrompt')?.delete(0, 4);
    expect(check(server, client)).toBeNull();
  });

  it('accepts unknown fields a newer client adds, as plain values, text or maps', () => {
    const { server, client, a } = pair();
    const node = client.getMap('nodes').get(a) as Y.Map<unknown>;
    (node.get('data') as Y.Map<unknown>).set('futureSetting', { depth: 3 });
    (node.get('data') as Y.Map<unknown>).set('futureText', new Y.Text('hi'));
    client.getMap('meta').set('tags', ['a', 'b']);
    expect(check(server, client)).toBeNull();
  });

  it("accepts an index entry's preview (node count and thumbnail) as its editors write it", () => {
    const server = new Y.Doc();
    createWorkflowEntry(server, 'wf1', { name: 'Flow', createdAt: 1 }, USER_ORIGIN);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const graph = {
      nodes: [
        { id: 'a', type: 'input' as const, position: { x: 0, y: 0 }, data: { label: 'A' } },
        { id: 'b', type: 'agent' as const, position: { x: 300, y: 0 }, data: { label: 'B' } },
      ],
      edges: [{ id: 'e', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' }],
    };
    updateWorkflowEntry(client, 'wf1', { preview: summarizeWorkflowGraph(graph) }, USER_ORIGIN);
    expect(check(server, client, 'index')).toBeNull();
  });

  it.each([
    ['an unknown root type', (c: Y.Doc) => c.getMap('evil').set('x', 1), /unknown root type "evil"/],
    ['a root used as a sequence', (c: Y.Doc) => c.getArray('nodes').insert(0, [1]), /sequence|not a place/],
    [
      'a node that is not a map',
      (c: Y.Doc) => c.getMap('nodes').set('n2', 'just a string'),
      /nodes\.n2 must be a map/,
    ],
    ['an invalid node id', (c: Y.Doc) => c.getMap('nodes').set('bad id/..', new Y.Map()), /invalid key/],
    [
      'an array anywhere',
      (c: Y.Doc) => c.getMap('meta').set('list', new Y.Array()),
      /array content is not allowed/,
    ],
    ['XML', (c: Y.Doc) => c.getMap('meta').set('x', new Y.XmlFragment()), /xml content is not allowed/],
    ['binary', (c: Y.Doc) => c.getMap('meta').set('b', new Uint8Array([1, 2])), /binary content/],
    ['a subdocument', (c: Y.Doc) => c.getMap('meta').set('sub', new Y.Doc()), /doc content/],
    [
      'a mistyped schema version',
      (c: Y.Doc) => c.getMap('meta').set('schemaVersion', 'two'),
      /schemaVersion must be a number/,
    ],
    [
      'a bad position',
      (c: Y.Doc, a: string) => (c.getMap('nodes').get(a) as Y.Map<unknown>).set('position', { x: 'left' }),
      /position/,
    ],
    ['a huge plain value', (c: Y.Doc) => c.getMap('meta').set('blob', 'x'.repeat(70_000)), /larger than/],
    [
      'an API key pasted into a prompt',
      (c: Y.Doc, a: string) =>
        getNodeText(c, a, 'systemPrompt')?.insert(0, 'use sk-proj-abcdefghijklmnopqrstuvwxyz123456'),
      /looks like an API key/,
    ],
    [
      'an API key in a field',
      (c: Y.Doc) => c.getMap('meta').set('description', 'key: sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA'),
      /looks like an API key/,
    ],
    [
      'a map where text belongs',
      (c: Y.Doc, a: string) =>
        ((c.getMap('nodes').get(a) as Y.Map<unknown>).get('data') as Y.Map<unknown>).set(
          'systemPrompt',
          new Y.Map(),
        ),
      /must be a text/,
    ],
  ])('refuses %s', (_what, mutate, reason) => {
    const { server, client, a } = pair();
    mutate(client, a);
    expect(check(server, client)).toMatch(reason);
  });

  it('resolves the parent of content inserted next to existing content (origin-only items)', () => {
    const { server, client, a } = pair();
    const text = getNodeText(client, a, 'systemPrompt');
    text?.insert(0, 'abc');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    text?.insert(3, 'def'); // carries only its origin, not its parent
    expect(check(server, client)).toBeNull();
    text?.insert(6, ' sk-abcdefghijklmnopqrstuvwxyz0123');
    expect(check(server, client)).toMatch(/looks like an API key/);
  });

  it('refuses an update that depends on content the server never saw', () => {
    const { server, client } = pair();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client));
    other.getMap('meta').set('name', 'first');
    Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
    client.getMap('meta').set('name', 'second'); // its origin is `other`'s item, which the server lacks
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(other));
    const decoded = summarizeUpdate(update);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(validateUpdate(server, decoded.items, rulesFor('workflow'))?.message).toMatch(
      /depends on content/,
    );
  });

  it('says which limit a value or a text insertion is over', () => {
    const sizeOf = (mutate: (c: Y.Doc, a: string) => void) => {
      const { server, client, a } = pair();
      mutate(client, a);
      const decoded = summarizeUpdate(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      if (!decoded.ok) throw new Error(decoded.reason);
      const { limit, actual } =
        validateUpdate(server, decoded.items, rulesFor('workflow'), {
          maxPlainBytes: 100,
          maxTextInsert: 50,
          maxPathDepth: 8,
        }) ?? {};
      return { limit, actual };
    };
    expect(sizeOf((c) => c.getMap('meta').set('blob', 'x'.repeat(200)))).toEqual({ limit: 100, actual: 202 });
    expect(sizeOf((c, a) => getNodeText(c, a, 'systemPrompt')?.insert(0, 'y'.repeat(60)))).toEqual({
      limit: 50,
      actual: 60,
    });
    expect(sizeOf((c) => c.getMap('meta').set('schemaVersion', 'two'))).toEqual({
      limit: undefined,
      actual: undefined,
    });
  });

  it('checks index documents by their own rules', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const entry = new Y.Map();
    client.getMap('workflows').set('wf1', entry);
    entry.set('name', 'A workflow');
    entry.set('archived', false);
    expect(check(server, client, 'index')).toBeNull();
    client.getMap('nodes').set('x', new Y.Map());
    expect(check(server, client, 'index')).toMatch(/unknown root type/);
  });
});

describe('summarizeUpdate', () => {
  it('refuses an update with an empty deletion range (it would fail half-applied in Yjs)', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('a', 1);
    const deletion = new Y.Doc();
    Y.applyUpdate(deletion, Y.encodeStateAsUpdate(doc));
    deletion.getMap('meta').delete('a');
    const update = Y.encodeStateAsUpdate(deletion, Y.encodeStateVector(doc));
    expect(summarizeUpdate(update).ok).toBe(true);
    // The update ends with the delete set: [clients, client, ranges, clock, len]; set the length to 0.
    const broken = new Uint8Array(update);
    broken[broken.length - 1] = 0;
    expect(summarizeUpdate(broken)).toEqual({ ok: false, reason: 'empty or negative deletion range' });
  });
});
