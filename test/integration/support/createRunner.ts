import { loadRunnerConfig, startRunner } from '@synapse/runner';

/** A standalone runner configured exactly as `synapse runner` is, from its environment variables. */
export async function createRunner(options: {
  databaseUrl: string;
  syncUrl: string;
  secret: string;
  /** More of the runner's environment (master key, address policy, stdio allow-list). */
  env?: Record<string, string>;
}) {
  const config = loadRunnerConfig({
    DATABASE_URL: options.databaseUrl,
    SYNAPSE_SYNC_URL: options.syncUrl,
    SYNAPSE_SECRET: options.secret,
    RUNNER_PORT: '0',
    LOCAL_MODEL_TOKEN_DELAY_MS: '2',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    ...options.env,
  });
  return startRunner(config);
}
