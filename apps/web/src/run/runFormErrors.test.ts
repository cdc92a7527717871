import { ErrorCodes, type InputVariable } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/ApiError';
import { checkRunForm, hasErrors, runFormErrorsOf } from './runFormErrors';

const variables: InputVariable[] = [
  { name: 'topic', type: 'string', default: '', required: true },
  { name: 'count', type: 'number', default: '3' },
];

describe('run form errors', () => {
  it('names a required input left empty and a value of the wrong type beside their fields', () => {
    expect(checkRunForm(variables, { topic: ' ', count: 'three' })).toEqual({
      fields: { topic: 'input "topic" is required', count: 'input "count" must be a number, got "three"' },
      form: [],
    });
    expect(hasErrors(checkRunForm(variables, { topic: 'tides', count: '4' }))).toBe(false);
  });

  it("puts the server's issues beside their fields and unknown inputs on top", () => {
    const refused = new ApiError(422, ErrorCodes.runInputs, 'x', {
      issues: [
        { name: 'tone', kind: 'unknown', message: 'unknown input "tone"' },
        { name: 'topic', kind: 'missing', message: 'input "topic" is required' },
      ],
    });
    expect(runFormErrorsOf(refused, variables)).toEqual({
      fields: { topic: 'input "topic" is required' },
      form: ['unknown input "tone"'],
    });
    const other = new ApiError(422, ErrorCodes.dagCycle, 'the graph has a cycle');
    expect(runFormErrorsOf(other, variables)).toEqual({ fields: {}, form: ['the graph has a cycle'] });
  });
});
