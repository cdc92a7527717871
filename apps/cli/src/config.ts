import { type AddressPolicy, parseAddressAllowList } from '@synapse/db';
import type { RunnerConfig } from '@synapse/runner';
import type { ScopedSecret } from '@synapse/schema';
import { loadServerConfig, type ServerConfig } from '@synapse/server';
import { z } from 'zod';
import { readHeadlessSecret } from './readHeadlessSecret';

/** The only place the CLI reads the environment; each app validates its own part. */
export function serverConfigFromEnv(): ServerConfig {
  return loadServerConfig(process.env);
}

/** Imports the runner on demand: `synapse server` never loads it. */
export async function runnerConfigFromEnv(): Promise<RunnerConfig> {
  const { loadRunnerConfig } = await import('@synapse/runner');
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

const HEADLESS_KEYS: Record<string, { key?: string; baseURL?: string }> = {
  openai: { key: 'OPENAI_API_KEY', baseURL: 'OPENAI_BASE_URL' },
  anthropic: { key: 'ANTHROPIC_API_KEY', baseURL: 'ANTHROPIC_BASE_URL' },
  gemini: { key: 'GEMINI_API_KEY' },
  groq: { key: 'GROQ_API_KEY' },
  deepseek: { key: 'DEEPSEEK_API_KEY' },
  openrouter: { key: 'OPENROUTER_API_KEY' },
  ollama: { baseURL: 'OLLAMA_BASE_URL' },
};

/**
 * A workspace secret for `synapse run` and the hosts it may reach (readHeadlessSecret): only from the
 * environment, never a flag, so a token does not land in shell history or the process list.
 */
export function headlessSecret(name: string): ScopedSecret | undefined {
  return readHeadlessSecret(name, process.env);
}

/** The address policy `synapse run` applies to HTTP request nodes: the server's variables, same defaults. */
export function headlessAddressPolicy(): AddressPolicy {
  const flag = process.env.SYNAPSE_ALLOW_PRIVATE_ADDRESSES;
  return {
    allowPrivate: flag === 'true' || flag === '1',
    allow: parseAddressAllowList(process.env.SYNAPSE_ALLOWED_ADDRESSES),
  };
}

/** Provider credentials for `synapse run` from the conventional environment variables. */
export function headlessCredentials(providerId: string): { apiKey?: string; baseURL?: string } | null {
  const names = Object.hasOwn(HEADLESS_KEYS, providerId) ? HEADLESS_KEYS[providerId] : undefined;
  if (!names) return null;
  const apiKey = names.key ? process.env[names.key] : undefined;
  const baseURL = names.baseURL ? process.env[names.baseURL] : undefined;
  if (!apiKey && !baseURL) return null;
  return { ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}) };
}
