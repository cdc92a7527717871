import { describe, expect, it } from 'vitest';
import { loadRunnerConfig } from './config';

const env = {
  DATABASE_URL: 'postgres://synapse@127.0.0.1:5432/synapse',
  SYNAPSE_SECRET: 'x'.repeat(32),
};

describe('loadRunnerConfig', () => {
  it("reads the server's run deadline, which the child runs of sub-workflows get", () => {
    expect(loadRunnerConfig({ ...env, SYNAPSE_RUN_DEADLINE_MS: '120000' }).runDeadlineMs).toBe(120_000);
    // Unset: startRunner's default (30 minutes, as the server's).
    expect(loadRunnerConfig(env).runDeadlineMs).toBeUndefined();
    expect(() => loadRunnerConfig({ ...env, SYNAPSE_RUN_DEADLINE_MS: '0' })).toThrow(
      /SYNAPSE_RUN_DEADLINE_MS/,
    );
  });
});
