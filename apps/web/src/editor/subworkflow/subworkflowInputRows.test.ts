import type { InputVariable } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { subworkflowInputRows, withoutSubworkflowInput, withSubworkflowInput } from './subworkflowInputRows';

const variable = (name: string): InputVariable => ({ name, type: 'string', default: '' });

describe('subworkflowInputRows', () => {
  it('gives every declared input a row in declared order, with its stored value and position', () => {
    const stored = [
      { name: 'tone', value: 'dry' },
      { name: 'text', value: '{{nodes.draft.output}}' },
    ];
    const { rows, extra } = subworkflowInputRows(
      [variable('text'), variable('tone'), variable('length')],
      stored,
    );
    expect(rows.map((r) => [r.variable.name, r.value, r.index])).toEqual([
      ['text', '{{nodes.draft.output}}', 1],
      ['tone', 'dry', 0],
      ['length', '', -1],
    ]);
    expect(extra).toEqual([]);
  });

  it('keeps values for inputs the version no longer declares apart, with their positions', () => {
    const { rows, extra } = subworkflowInputRows(
      [variable('text')],
      [
        { name: 'old', value: 'x' },
        { name: 'text', value: 'y' },
      ],
    );
    expect(rows).toHaveLength(1);
    expect(extra).toEqual([{ name: 'old', value: 'x', index: 0 }]);
  });
});

describe('withSubworkflowInput / withoutSubworkflowInput', () => {
  it('updates a row in place, appends a new one, and removes by name without touching the input', () => {
    const stored = [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ];
    expect(withSubworkflowInput(stored, 'a', '{{input.topic}}')).toEqual([
      { name: 'a', value: '{{input.topic}}' },
      { name: 'b', value: '2' },
    ]);
    expect(withSubworkflowInput(stored, 'c', '3')).toEqual([...stored, { name: 'c', value: '3' }]);
    expect(withoutSubworkflowInput(stored, 'a')).toEqual([{ name: 'b', value: '2' }]);
    expect(stored).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
  });
});
