import { describe, expect, it } from 'vitest';
import { renderTemplate, templateReferences } from './renderTemplate';

const ctx = { upstream: 'UP', outputs: { a: 'A-out', b: 'B-out' }, inputs: { topic: 'owls' } };

describe('renderTemplate', () => {
  it('fills input, named inputs and node outputs, allowing spaces inside braces', () => {
    expect(
      renderTemplate('{{input}} | {{ nodes.a.output }} | {{nodes.b.output}} | {{input.topic}}', ctx),
    ).toBe('UP | A-out | B-out | owls');
  });

  it('renders unknown nodes and inputs as empty and leaves other braces alone', () => {
    expect(renderTemplate('[{{nodes.zz.output}}][{{input.nope}}]{{other}} {x}', ctx)).toBe(
      '[][]{{other}} {x}',
    );
  });

  it('never expands text that came from an output', () => {
    expect(renderTemplate('{{nodes.a.output}}', { upstream: 'UP', outputs: { a: '{{input}}' } })).toBe(
      '{{input}}',
    );
  });

  it('does not read inherited properties', () => {
    expect(renderTemplate('{{nodes.constructor.output}}{{input.toString}}', ctx)).toBe('');
  });
});

describe('templateReferences', () => {
  it('lists referenced node ids, unique and sorted', () => {
    expect(
      templateReferences('{{nodes.b.output}} {{ nodes.a.output }} {{nodes.b.output}} {{input}}'),
    ).toEqual(['a', 'b']);
    expect(templateReferences('no refs {{input.topic}}')).toEqual([]);
  });
});
