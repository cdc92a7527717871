import { describe, expect, it } from 'vitest';
import { compareReadiness } from './compareReadiness';

const names = new Map([
  ['wf-1', 'Support triage'],
  ['wf-2', 'Research brief'],
]);

describe('compareReadiness', () => {
  it('asks for a second run when one is picked', () => {
    expect(compareReadiness([{ workflowId: 'wf-1' }], names)).toEqual({
      ready: false,
      message: 'Pick one more run of the same workflow to compare.',
    });
  });

  it('is ready for two runs of one workflow', () => {
    expect(compareReadiness([{ workflowId: 'wf-1' }, { workflowId: 'wf-1' }], names).ready).toBe(true);
  });

  it('names both workflows when the runs are of different ones', () => {
    const result = compareReadiness([{ workflowId: 'wf-1' }, { workflowId: 'wf-2' }], names);
    expect(result.ready).toBe(false);
    expect(result.message).toContain('“Support triage”');
    expect(result.message).toContain('“Research brief”');
    expect(result.message).toContain('same workflow');
  });

  it('says a workflow was deleted rather than showing its id', () => {
    const result = compareReadiness([{ workflowId: 'wf-1' }, { workflowId: 'gone' }], names);
    expect(result.message).toContain('a deleted workflow');
    expect(result.message).not.toContain('gone');
  });

  it('does not repeat "a deleted workflow" when neither workflow exists any more', () => {
    const result = compareReadiness([{ workflowId: 'x' }, { workflowId: 'y' }], names);
    expect(result.message).toContain('two different (deleted) workflows');
  });
});
