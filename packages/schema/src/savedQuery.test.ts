import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSavedQuery, encodeSavedReply, parseSavedQuery, parseSavedReply } from './savedQuery';

describe('savedQuery', () => {
  it('round-trips a query and a reply with its snapshot', () => {
    expect(parseSavedQuery(encodeSavedQuery(42))).toBe(42);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(100_000));
    doc.getText('t').delete(10, 500);
    const reply = parseSavedReply(encodeSavedReply(7, Y.snapshot(doc)));
    expect(reply?.id).toBe(7);
    expect(reply && Y.equalSnapshots(reply.snapshot, Y.snapshot(doc))).toBe(true);
  });

  it('rejects other stateless payloads and malformed messages', () => {
    for (const payload of [
      '',
      'hello',
      '{"synapse":"saved?"}',
      '{"synapse":"saved?","id":-1}',
      '{"synapse":"saved?","id":1.5}',
    ]) {
      expect(parseSavedQuery(payload)).toBeNull();
    }
    for (const payload of [
      '{"synapse":"saved","id":1}',
      '{"synapse":"saved","id":1,"snapshot":"%%%"}',
      '{"synapse":"saved","id":1,"snapshot":"AAAA',
      encodeSavedQuery(1),
    ]) {
      expect(parseSavedReply(payload)).toBeNull();
    }
  });
});
