import type { InputVariable } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { initialRunValues } from './rememberedRunInputs';

const variables: InputVariable[] = [
  { name: 'topic', type: 'string', default: 'tides' },
  { name: 'count', type: 'number', default: '3' },
];

describe('initialRunValues', () => {
  it('takes given values for declared inputs, defaults for the rest, and drops names no longer declared', () => {
    expect(initialRunValues(variables, { topic: 'moons', gone: 'x' })).toEqual({
      topic: 'moons',
      count: '3',
    });
    expect(initialRunValues(variables, {})).toEqual({ topic: 'tides', count: '3' });
    expect(initialRunValues([], { topic: 'moons' })).toEqual({});
  });

  it('keeps a given empty value rather than the default', () => {
    expect(initialRunValues(variables, { topic: '' })).toEqual({ topic: '', count: '3' });
  });
});
