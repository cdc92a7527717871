import { createLocalModel } from '@synapse/providers';
import { startRunner } from '@synapse/runner';
import { openConfiguredDatabase, type ServerConfig, startServer } from '@synapse/server';

export interface EmbeddedHandle {
  url: string;
  syncUrl: string;
  stop(): Promise<void>;
}

/**
 * `synapse start`: server and runner in one process sharing one in-process PGlite (PGlite is single
 * connection, so this is the only embedded shape), one job queue and the generated secret.
 */
export async function startEmbedded(
  config: ServerConfig,
  tuning: { concurrency: number; nodeConcurrency: number; tokenDelayMs: number },
): Promise<EmbeddedHandle> {
  const database = await openConfiguredDatabase(config);
  try {
    const server = await startServer({ ...config, database });
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
      providers: [createLocalModel({ tokenDelayMs: tuning.tokenDelayMs })],
      logLevel: config.logLevel,
      pretty: config.pretty,
      logger: server.logger.child({ name: 'synapse-runner' }),
    });
    return {
      url: server.url,
      syncUrl: server.syncUrl,
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
