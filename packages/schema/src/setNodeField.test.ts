import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { getNodeText, setNodeField } from './setNodeField';
import { workflowMaps } from './workflowDoc';

function docWithAgent(): Y.Doc {
  const doc = new Y.Doc();
  addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
  return doc;
}

describe('setNodeField', () => {
  it('sets and deletes plain fields in the data map in place', () => {
    const doc = docWithAgent();
    const data = workflowMaps(doc).nodes.get('a')!.get('data');
    setNodeField(doc, 'a', 'model', 'gpt-x', USER_ORIGIN);
    setNodeField(doc, 'a', 'temperature', 0.7, USER_ORIGIN);
    setNodeField(doc, 'a', 'custom', true, USER_ORIGIN);
    expect(readWorkflow(doc).nodes[0]!.data).toMatchObject({
      model: 'gpt-x',
      temperature: 0.7,
      custom: true,
    });
    setNodeField(doc, 'a', 'temperature', null, USER_ORIGIN);
    expect(readWorkflow(doc).nodes[0]!.data).not.toHaveProperty('temperature');
    expect(workflowMaps(doc).nodes.get('a')!.get('data')).toBe(data);
  });

  it('edits a prompt Y.Text in place instead of replacing it', () => {
    const doc = docWithAgent();
    const text = getNodeText(doc, 'a', 'userPrompt')!;
    setNodeField(doc, 'a', 'userPrompt', 'Summarise {{input}} briefly', USER_ORIGIN);
    expect(getNodeText(doc, 'a', 'userPrompt')).toBe(text);
    expect(text.toString()).toBe('Summarise {{input}} briefly');
    setNodeField(doc, 'a', 'systemPrompt', null, USER_ORIGIN);
    expect(getNodeText(doc, 'a', 'systemPrompt')!.toString()).toBe('');
  });

  it('keeps concurrent typing elsewhere in the same prompt', () => {
    const a = docWithAgent();
    setNodeField(a, 'a', 'userPrompt', 'hello world', USER_ORIGIN);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setNodeField(a, 'a', 'userPrompt', 'hello brave world', USER_ORIGIN);
    getNodeText(b, 'a', 'userPrompt')!.insert(11, '!');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getNodeText(a, 'a', 'userPrompt')!.toString()).toBe('hello brave world!');
    expect(getNodeText(b, 'a', 'userPrompt')!.toString()).toBe('hello brave world!');
  });

  it('creates a missing prompt text and a missing data map', () => {
    const doc = new Y.Doc();
    const { nodes } = workflowMaps(doc);
    const node = new Y.Map<unknown>();
    nodes.set('x', node);
    node.set('type', 'agent');
    expect(getNodeText(doc, 'x', 'userPrompt')).toBeNull();
    setNodeField(doc, 'x', 'userPrompt', 'hi', USER_ORIGIN);
    expect(getNodeText(doc, 'x', 'userPrompt')!.toString()).toBe('hi');
  });

  it('ignores a missing node and refuses bad values', () => {
    const doc = docWithAgent();
    setNodeField(doc, 'ghost', 'label', 'x', USER_ORIGIN);
    expect(readWorkflow(doc).nodes.map((n) => n.id)).toEqual(['a']);
    expect(() => setNodeField(doc, 'a', 'userPrompt', 3, USER_ORIGIN)).toThrow(TypeError);
    expect(() => setNodeField(doc, 'a', 'temperature', Number.NaN, USER_ORIGIN)).toThrow(TypeError);
    expect(() => setNodeField(doc, 'a', 'temperature', 'hot', USER_ORIGIN)).toThrow(TypeError);
    expect(() => setNodeField(doc, 'a', 'label', 5, USER_ORIGIN)).toThrow(TypeError);
    expect(() => setNodeField(doc, 'a', '', 'x', USER_ORIGIN)).toThrow(RangeError);
    expect(() => setNodeField(doc, 'a', '__proto__', 'x', USER_ORIGIN)).toThrow(RangeError);
  });
});
