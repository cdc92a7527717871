import { describe, expect, it } from 'vitest';
import { histogramSamples, renderPrometheus } from './renderPrometheus';

describe('renderPrometheus', () => {
  it('writes HELP and TYPE once per family, escapes label values and ends with a newline', () => {
    const text = renderPrometheus([
      {
        name: 'synapse_runs',
        help: 'Runs by status.',
        type: 'gauge',
        samples: [
          { labels: { status: 'succeeded' }, value: 3 },
          { labels: { status: 'we"ird\\\n' }, value: 0 },
        ],
      },
    ]);
    expect(text).toBe(
      '# HELP synapse_runs Runs by status.\n# TYPE synapse_runs gauge\nsynapse_runs{status="succeeded"} 3\n' +
        'synapse_runs{status="we\\"ird\\\\\\n"} 0\n',
    );
  });

  it('makes cumulative histogram buckets with +Inf, _sum and _count', () => {
    expect(histogramSamples([0.1, 1], [2, 1, 4], 9.5)).toEqual([
      { suffix: '_bucket', labels: { le: '0.1' }, value: 2 },
      { suffix: '_bucket', labels: { le: '1' }, value: 3 },
      { suffix: '_bucket', labels: { le: '+Inf' }, value: 7 },
      { suffix: '_sum', value: 9.5 },
      { suffix: '_count', value: 7 },
    ]);
  });
});
