import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { DEFAULT_MODEL, DEFAULT_PROVIDER } from './graphTypes';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { getNodeText } from './setNodeField';
import { workflowMaps } from './workflowDoc';

describe('addNode', () => {
  it('creates an agent with defaults, prompts as Y.Text and position as a plain value', () => {
    const doc = new Y.Doc();
    const id = addNode(doc, { type: 'agent', position: { x: 10, y: 20 } }, USER_ORIGIN);
    expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(readWorkflow(doc).nodes).toEqual([
      {
        id,
        type: 'agent',
        position: { x: 10, y: 20 },
        data: {
          label: 'Agent',
          key: 'agent',
          provider: DEFAULT_PROVIDER,
          model: DEFAULT_MODEL,
          systemPrompt: '',
          userPrompt: '{{input}}',
          fallbacks: [],
        },
      },
    ]);
    const node = workflowMaps(doc).nodes.get(id)!;
    expect(node.get('data')).toBeInstanceOf(Y.Map);
    expect(node.get('position')).toEqual({ x: 10, y: 20 });
    expect(getNodeText(doc, id, 'userPrompt')?.toString()).toBe('{{input}}');
  });

  it('uses given id and data over defaults', () => {
    const doc = new Y.Doc();
    addNode(
      doc,
      {
        id: 'w',
        type: 'agent',
        position: { x: 0, y: 0 },
        data: { label: 'Writer', systemPrompt: 'Be brief', temperature: 0.2 },
      },
      USER_ORIGIN,
    );
    addNode(
      doc,
      { id: 'in', type: 'input', position: { x: 0, y: 0 }, data: { value: 'topic' } },
      USER_ORIGIN,
    );
    addNode(doc, { id: 'n', type: 'note', position: { x: 0, y: 0 } }, USER_ORIGIN);
    addNode(doc, { id: 'o', type: 'output', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const byId = Object.fromEntries(readWorkflow(doc).nodes.map((n) => [n.id, n.data]));
    expect(byId.w).toMatchObject({ label: 'Writer', systemPrompt: 'Be brief', temperature: 0.2 });
    // A short id a person chose is the key (templates and files reference nodes by it).
    expect(byId.w).toMatchObject({ key: 'w' });
    expect(byId.in).toEqual({ label: 'Input', key: 'in', value: 'topic', variables: [] });
    expect(byId.n).toEqual({ label: 'Note', text: '' });
    expect(byId.o).toEqual({ label: 'Output', key: 'o' });
  });

  it('keeps no reference to the caller position object', () => {
    const doc = new Y.Doc();
    const position = { x: 1, y: 2 };
    const id = addNode(doc, { type: 'output', position }, USER_ORIGIN);
    position.x = 99;
    expect(readWorkflow(doc).nodes[0]!.position).toEqual({ x: 1, y: 2 });
    expect(id).toBeTruthy();
  });

  it('refuses to re-set an existing id, bad ids, types, positions and prompt values', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const before = Y.encodeStateVector(doc);
    expect(() => addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN)).toThrow(
      /exists/,
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(() => addNode(doc, { id: 'a:b', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN)).toThrow(
      RangeError,
    );
    // @ts-expect-error: an unknown type is a programmer error
    expect(() => addNode(doc, { type: 'loop', position: { x: 0, y: 0 } }, USER_ORIGIN)).toThrow(RangeError);
    expect(() => addNode(doc, { type: 'agent', position: { x: Number.NaN, y: 0 } }, USER_ORIGIN)).toThrow(
      TypeError,
    );
    expect(() =>
      addNode(doc, { type: 'agent', position: { x: 0, y: 0 }, data: { userPrompt: 5 } }, USER_ORIGIN),
    ).toThrow(TypeError);
    expect(() =>
      addNode(doc, { type: 'agent', position: { x: 0, y: 0 }, data: { fallbacks: 'openai' } }, USER_ORIGIN),
    ).toThrow(/fallbacks must be an array/);
  });

  it('gives every executable node a key from its label, unique in the workflow; a taken key asked for gets a suffix', () => {
    const doc = new Y.Doc();
    const add = (label: string, key?: string) =>
      addNode(
        doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label, ...(key ? { key } : {}) } },
        USER_ORIGIN,
      );
    const keys = [
      add('Draft writer'),
      add('Draft writer'),
      add('Ünïcode 2nd!'),
      add('!!!'),
      add('x', 'draft_writer'),
      add('y', 'Bad Key'),
    ].map((id) => readWorkflow(doc).nodes.find((n) => n.id === id)?.data.key);
    expect(keys).toEqual(['draft_writer', 'draft_writer_2', 'unicode_2nd', 'agent', 'draft_writer_3', 'y']);
  });
});
