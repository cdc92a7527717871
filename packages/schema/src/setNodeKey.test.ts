import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { getNodeText } from './setNodeField';
import { setNodeKey } from './setNodeKey';

function workflow() {
  const doc = new Y.Doc();
  const a = addNode(
    doc,
    { id: 'a1', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Writer', key: 'writer' } },
    USER_ORIGIN,
  );
  addNode(
    doc,
    { id: 'b1', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Critic', key: 'critic' } },
    USER_ORIGIN,
  );
  getNodeText(doc, 'b1', 'userPrompt')?.insert(
    0,
    'Old {{nodes.a1.output}}, new {{ nodes.writer.output }}, field {{nodes.writer.output.title}}, other {{nodes.critic.output}} ',
  );
  return { doc, a };
}

const data = (doc: Y.Doc, id: string) => readWorkflow(doc).nodes.find((n) => n.id === id)?.data;

describe('setNodeKey', () => {
  it('renames the key and every reference to the node (by key or old id) in one transaction', () => {
    const { doc } = workflow();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(setNodeKey(doc, 'a1', 'draft', USER_ORIGIN)).toEqual({ ok: true });
    expect(transactions).toBe(1);
    expect(data(doc, 'a1')?.key).toBe('draft');
    expect(data(doc, 'b1')?.userPrompt).toBe(
      'Old {{nodes.draft.output}}, new {{ nodes.draft.output }}, field {{nodes.draft.output.title}}, other {{nodes.critic.output}} {{input}}',
    );
  });

  it("renames references that read a field of a JSON output, and those in an HTTP request's URL, body and headers", () => {
    const { doc } = workflow();
    addNode(
      doc,
      {
        id: 'h1',
        type: 'http',
        position: { x: 0, y: 0 },
        data: {
          label: 'Post',
          method: 'POST',
          headers: [
            { name: 'X-Draft', value: '{{nodes.a1.output.body.id}} {{nodes.critic.output}}' },
            { name: 'X-Fixed', value: 'none' },
          ],
        },
      },
      USER_ORIGIN,
    );
    getNodeText(doc, 'h1', 'url')?.insert(0, 'https://x.test/{{nodes.writer.output.body.id}}');
    getNodeText(doc, 'h1', 'body')?.insert(0, '{"n": {{ nodes.a1.output.status }}}');
    setNodeKey(doc, 'a1', 'draft', USER_ORIGIN);
    expect(data(doc, 'h1')).toMatchObject({
      url: 'https://x.test/{{nodes.draft.output.body.id}}',
      body: '{"n": {{ nodes.draft.output.status }}}',
      headers: [
        { name: 'X-Draft', value: '{{nodes.draft.output.body.id}} {{nodes.critic.output}}' },
        { name: 'X-Fixed', value: 'none' },
      ],
    });
  });

  it('refuses an invalid key or one another node holds, writing nothing', () => {
    const { doc } = workflow();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(setNodeKey(doc, 'a1', 'Draft!', USER_ORIGIN)).toEqual({ ok: false, reason: 'invalid' });
    expect(setNodeKey(doc, 'a1', 'critic', USER_ORIGIN)).toEqual({ ok: false, reason: 'taken' });
    // Another node's id is taken too: the key would capture that node's {{nodes.<id>.output}} references.
    expect(setNodeKey(doc, 'a1', 'b1', USER_ORIGIN)).toEqual({ ok: false, reason: 'taken' });
    expect(setNodeKey(doc, 'zz', 'free', USER_ORIGIN)).toEqual({ ok: false, reason: 'missing_node' });
    expect(updates).toBe(0);
  });

  it('keeps a peer typing elsewhere in the same prompt', () => {
    const { doc } = workflow();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    getNodeText(peer, 'b1', 'userPrompt')?.insert(0, 'PEER ');
    setNodeKey(doc, 'a1', 'draft', USER_ORIGIN);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    expect(data(doc, 'b1')?.userPrompt).toMatch(/^PEER Old \{\{nodes\.draft\.output\}\}/);
  });
});
