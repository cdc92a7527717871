import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { summarizeUpdate } from './decodeUpdateWorker';
import { isBoundedUpdate } from './isBoundedUpdate';

function edits(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const nodes = doc.getMap('nodes');
  doc.transact(() => {
    const node = new Y.Map();
    nodes.set('n1', node);
    node.set('type', 'agent');
    node.set('position', { x: 1.5, y: -2, tags: [1, null, true, 'x', { deep: [false] }] });
    const data = new Y.Map();
    node.set('data', data);
    const prompt = new Y.Text();
    data.set('systemPrompt', prompt);
    prompt.insert(0, 'Be terse, ünïcödé ✓');
  });
  const data = (nodes.get('n1') as Y.Map<unknown>).get('data') as Y.Map<unknown>;
  for (let i = 0; i < 20; i++) data.set('label', `edit ${i}`);
  ((data.get('systemPrompt') as Y.Text) ?? new Y.Text()).delete(0, 3);
  nodes.delete('n1');
  updates.push(Y.encodeStateAsUpdate(doc));
  return updates;
}

describe('isBoundedUpdate', () => {
  it('accepts the updates ordinary edits produce, whole states included', () => {
    for (const update of edits()) expect(isBoundedUpdate(update)).toBe(true);
  });

  it('refuses counts the bytes behind them cannot back (yjs#687, yjs#498)', () => {
    expect(isBoundedUpdate(new Uint8Array())).toBe(false);
    // 2^35 clients, then nothing.
    expect(isBoundedUpdate(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0]))).toBe(false);
    // One client claiming 1,000,000 structs in four bytes.
    expect(isBoundedUpdate(new Uint8Array([1, 0xc0, 0x84, 0x3d, 7, 0, 0, 0]))).toBe(false);
    // An item whose ContentAny claims 2^20 values.
    expect(isBoundedUpdate(new Uint8Array([1, 1, 7, 0, 8, 1, 1, 0x6d, 0, 0x80, 0x80, 0x40, 127, 0]))).toBe(
      false,
    );
    // A delete set claiming 10^6 ranges.
    expect(isBoundedUpdate(new Uint8Array([0, 1, 5, 0xc0, 0x84, 0x3d, 1, 1]))).toBe(false);
  });

  it('leaves content Synapse never accepts, trailing bytes and deep nesting to the worker', () => {
    const arrays = new Y.Doc();
    arrays.getMap('m').set('list', new Y.Array());
    expect(isBoundedUpdate(Y.encodeStateAsUpdate(arrays))).toBe(false);
    const xml = new Y.Doc();
    xml.getMap('m').set('x', new Y.XmlText('hi'));
    expect(isBoundedUpdate(Y.encodeStateAsUpdate(xml))).toBe(false);
    const plain = new Y.Doc();
    plain.getMap('m').set('k', 1);
    const update = Y.encodeStateAsUpdate(plain);
    expect(isBoundedUpdate(update)).toBe(true);
    expect(isBoundedUpdate(new Uint8Array([...update, 0]))).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    const nested = new Y.Doc();
    nested.getMap('m').set('k', deep);
    expect(isBoundedUpdate(Y.encodeStateAsUpdate(nested))).toBe(false);
  });

  it('whatever it accepts decodes into no more items than the update has bytes', () => {
    // Mutated real updates: every byte flipped to a few values, plus truncations.
    let accepted = 0;
    for (const update of edits()) {
      const candidates: Uint8Array[] = [];
      for (let i = 0; i < update.length; i++) {
        for (const value of [0, 1, 0x7f, 0x80, 0xff]) {
          const mutated = update.slice();
          mutated[i] = value;
          candidates.push(mutated);
        }
        candidates.push(update.subarray(0, i));
      }
      for (const candidate of candidates) {
        if (!isBoundedUpdate(candidate)) continue;
        accepted += 1;
        let result: ReturnType<typeof summarizeUpdate> | null = null;
        try {
          result = summarizeUpdate(candidate);
        } catch {
          // A decode error is an ordinary refusal; what matters is that it ended.
        }
        if (result?.ok) expect(result.items.length).toBeLessThanOrEqual(candidate.length);
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
