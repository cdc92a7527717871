import { describe, expect, it } from 'vitest';
import { runVersionLabel } from './runVersionLabel';

const at = (ms: number) => `t${ms}`;

describe('runVersionLabel', () => {
  it('names the published or picked version, else says the draft as of the run start', () => {
    expect(runVersionLabel({ versionSource: 'published', versionName: 'Release 1', createdAt: 5 }, at)).toBe(
      'Published version “Release 1”',
    );
    expect(runVersionLabel({ versionSource: 'version', versionName: 'Old', createdAt: 5 }, at)).toBe(
      'Saved version “Old”',
    );
    expect(runVersionLabel({ versionSource: 'draft', createdAt: 5 }, at)).toBe('Draft as of t5');
    // Runs from before the source was recorded ran the draft.
    expect(runVersionLabel({ versionSource: null, createdAt: 7 }, at)).toBe('Draft as of t7');
  });
});
