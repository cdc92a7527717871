import { createSecretsVault } from '@synapse/db';
import { createLocalModel } from '@synapse/providers';
import { startRunner } from '@synapse/runner';
import {
  openConfiguredDatabase,
  type ServerConfig,
  type StartServerOptions,
  startServer,
} from '@synapse/server';

export interface EmbeddedHandle {
  url: string;
  syncUrl: string;
  /** The running server (tests create accounts and sessions through it). */
  server: Awaited<ReturnType<typeof startServer>>;
  stop(): Promise<void>;
}

/** Server options that are not configuration: test seams (the testkit passes these). */
export type EmbeddedServerOptions = Pick<
  StartServerOptions,
  | 'devAuth'
  | 'lookup'
  | 'rateLimits'
  | 'syncLimits'
  | 'decoding'
  | 'logger'
  | 'sso'
  | 'jobClock'
  | 'webhookWaitMs'
>;

/**
 * `synapse start`: server and runner in one process sharing one in-process PGlite (PGlite is single
 * connection, so this is the only embedded shape), one job queue and the generated secret.
 */
export async function startEmbedded(
  config: ServerConfig,
  tuning: { concurrency: number; nodeConcurrency: number; tokenDelayMs: number },
  serverOptions: EmbeddedServerOptions = {},
): Promise<EmbeddedHandle> {
  const database = await openConfiguredDatabase(config);
  try {
    const server = await startServer({ ...config, ...serverOptions, database });
    const runner = await startRunner({
      database,
      queue: server.queue,
      databaseUrl: config.databaseUrl,
      syncUrl: server.syncUrl,
      secret: server.secret,
      port: null,
      host: config.host,
      concurrency: tuning.concurrency,
      nodeConcurrency: tuning.nodeConcurrency,
      localModelTokenDelayMs: tuning.tokenDelayMs,
      // Child runs of sub-workflows get the operator's deadline, as runs the server queues do.
      runDeadlineMs: config.runDeadlineMs,
      providers: [createLocalModel({ tokenDelayMs: tuning.tokenDelayMs })],
      logLevel: config.logLevel,
      pretty: config.pretty,
      addressPolicy: config.addressPolicy,
      logger: server.logger.child({ name: 'synapse-runner' }),
      // Workspace keys from the encrypted store (weighted over a provider's keys); each is only ever paired
      // with the base URL it was saved with.
      keyStore: server.keyStore,
      // MCP servers and web search of the workspace, through the server's pool and address policy.
      toolboxFor: (workspaceId) => server.tools.toolboxFor(workspaceId),
      memoryFor: (workspaceId, runId) => server.tools.memoryFor(workspaceId, runId),
      // Workspace secrets for HTTP request nodes: the vault Settings → Secrets writes, same keyring.
      secretsVault: createSecretsVault(database.sql, server.masterKeys),
    });
    return {
      url: server.url,
      syncUrl: server.syncUrl,
      server,
      async stop() {
        await runner.stop();
        await server.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
