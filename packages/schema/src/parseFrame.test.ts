import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseFrame } from './parseFrame';

const DOC = 'ws/default/workflow/w1';

type Part = number | string | Uint8Array | { byte: number };

/** A frame for DOC: numbers are varuints, strings varstrings, arrays length-prefixed bytes. */
function frame(...parts: Part[]): Uint8Array {
  return named(DOC, ...parts);
}

function named(name: string, ...parts: Part[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, name);
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(e, part);
    else if (typeof part === 'string') encoding.writeVarString(e, part);
    else if (part instanceof Uint8Array) encoding.writeVarUint8Array(e, part);
    else encoding.writeUint8(e, part.byte);
  }
  return encoding.toUint8Array(e);
}

function awareness(clients: [number, number, string][], count = clients.length): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, count);
  for (const [id, clock, state] of clients) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, state);
  }
  return encoding.toUint8Array(e);
}

describe('parseFrame', () => {
  const doc = new Y.Doc();
  doc.getMap('meta').set('name', 'x');
  const update = Y.encodeStateAsUpdate(doc);

  it('accepts every message a provider sends', () => {
    const cases: [string, Uint8Array][] = [
      ['auth', frame(2, 0, 'tok', '4.8.0')],
      ['sync-step1', frame(0, 0, Y.encodeStateVector(doc))],
      ['sync-step2', frame(0, 1, update)],
      ['sync-update', frame(0, 2, update)],
      ['query-awareness', frame(3)],
      ['stateless', frame(5, '{"a":1}')],
      ['close', frame(7)],
      ['awareness', frame(1, awareness([[42, 3, JSON.stringify({ user: { name: 'A' } })]]))],
    ];
    for (const [kind, bytes] of cases) {
      const parsed = parseFrame(bytes);
      expect(parsed, kind).toMatchObject({ ok: true, frame: { docName: DOC, kind } });
    }
    const step2 = parseFrame(cases[2]![1]);
    expect(step2.ok && step2.frame.update).toEqual(update);
  });

  it.each([
    ['an empty frame', new Uint8Array([])],
    ['a truncated varint', new Uint8Array([0x80])],
    ['a name longer than the frame', new Uint8Array([50, 119, 115])],
    ['invalid UTF-8 in the name', new Uint8Array([2, 0xff, 0xfe, 0])],
    ['a malformed document name', named('../../etc', 3)],
    ['an unknown message type', frame(42)],
    ['broadcast-stateless from a client', frame(6, 'x')],
    ['an empty update (yjs#498)', frame(0, 2, new Uint8Array())],
    ['an update longer than the frame', frame(0, 2, 1000, { byte: 1 })],
    ['trailing bytes', frame(3, { byte: 9 })],
    ['an unknown sync sub-type', frame(0, 9, update)],
    ['an oversized token', frame(2, 0, 'x'.repeat(5000))],
    ['a huge varint', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])],
    ['awareness state that is not JSON', frame(1, awareness([[1, 1, '{nope']]))],
    ['awareness for too many clients', frame(1, awareness([], 1000))],
  ])('refuses %s', (_what, bytes) => {
    expect(parseFrame(bytes).ok).toBe(false);
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(Math.random() * 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(Math.random() * 256);
      expect(() => parseFrame(bytes)).not.toThrow();
    }
  });
});
