import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from './replaceText';

function textWith(content: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, content);
  return text;
}

describe('replaceText', () => {
  it('turns any string into any other', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (before, after) => {
        const text = textWith(before);
        text.doc!.transact(() => replaceText(text, after));
        expect(text.toString()).toBe(after);
      }),
      { numRuns: 300 },
    );
  });

  it('touches only the changed middle', () => {
    const text = textWith('hello world');
    const events: unknown[] = [];
    text.observe((e) => events.push(e.delta));
    replaceText(text, 'hello brave world');
    expect(events).toEqual([[{ retain: 6 }, { insert: 'brave ' }]]);
  });

  it('never splits a surrogate pair', () => {
    const text = textWith('a😀b');
    replaceText(text, 'a😁b');
    expect(text.toString()).toBe('a😁b');
    expect(text.toString()).not.toContain('\ufffd');
  });
});
