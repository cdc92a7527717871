import { loadRunnerConfig, type RunnerConfig } from '@synapse/runner';
import { loadServerConfig, type ServerConfig } from '@synapse/server';
import { z } from 'zod';

/** The only place the CLI reads the environment; each app validates its own part. */
export function serverConfigFromEnv(): ServerConfig {
  return loadServerConfig(process.env);
}

export function runnerConfigFromEnv(): RunnerConfig {
  return loadRunnerConfig(process.env);
}

const EmbeddedRunnerEnv = z.object({
  RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  RUN_NODE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOCAL_MODEL_TOKEN_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(12),
});

/** Runner tuning for `synapse start`, where the runner shares the server's process, database and secret. */
export function embeddedRunnerTuning(): {
  concurrency: number;
  nodeConcurrency: number;
  tokenDelayMs: number;
} {
  const e = EmbeddedRunnerEnv.parse(process.env);
  return {
    concurrency: e.RUNNER_CONCURRENCY,
    nodeConcurrency: e.RUN_NODE_CONCURRENCY,
    tokenDelayMs: e.LOCAL_MODEL_TOKEN_DELAY_MS,
  };
}
