import { fileURLToPath } from 'node:url';
import { DataDirLockedError, migrate } from '@synapse/db';
import { createLogger, openConfiguredDatabase, rotateProviderKeys, startServer } from '@synapse/server';
import {
  embeddedRunnerTuning,
  headlessAddressPolicy,
  headlessCredentials,
  headlessSecret,
  runnerConfigFromEnv,
  serverConfigFromEnv,
} from './config';
import { ensureWebBuilt } from './ensureWebBuilt';
import { releaseStartupHeap } from './releaseStartupHeap';

// The runner, the model providers (their SDKs are hundreds of modules) and the exporter are imported by
// the commands that use them, so `synapse server` starts and idles without them (issue #18).

const WEB_ROOT = fileURLToPath(new URL('../../web', import.meta.url));

const HELP = `Usage: synapse <command>

Commands:
  start     Server + runner in one process on embedded PGlite (DATA_DIR, default ./.synapse)
  server    The API, sync and web server alone (DATABASE_URL for a shared Postgres)
  runner    A runner alone (needs DATABASE_URL, SYNAPSE_SECRET, SYNAPSE_SYNC_URL)
  migrate   Apply database migrations and exit
  keys rotate  Rewrap every sealed provider key and secret with a new master key (embedded: generated into DATA_DIR)
  run       Run a workflow file headless and print its outputs (synapse run --help)
  export    Write a workflow file as a Python or TypeScript program (synapse export --help)

Environment: see .env.example.`;

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal} received, shutting down…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

/** One line from the terminal (readline, closed after the answer so the process can exit). */
async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  try {
    switch (command) {
      case 'start': {
        const config = serverConfigFromEnv();
        const webDist = config.webDist ?? (await ensureWebBuilt(WEB_ROOT, console.log));
        const { startEmbedded } = await import('./startEmbedded');
        const handle = await startEmbedded({ ...config, webDist }, embeddedRunnerTuning());
        onSignals(handle.stop);
        releaseStartupHeap();
        console.log(
          `\n  Synapse is running at ${handle.url}\n  Data: ${config.dataDir}   Model: built-in local demo model (offline)\n`,
        );
        return await new Promise<number>(() => undefined);
      }
      case 'server': {
        const config = serverConfigFromEnv();
        const webDist = config.webDist ?? (await ensureWebBuilt(WEB_ROOT, console.log));
        const server = await startServer({ ...config, webDist });
        onSignals(server.stop);
        releaseStartupHeap();
        console.log(`Synapse server listening at ${server.url}`);
        return await new Promise<number>(() => undefined);
      }
      case 'runner': {
        const { startRunner } = await import('@synapse/runner');
        const runner = await startRunner(await runnerConfigFromEnv());
        onSignals(runner.stop);
        releaseStartupHeap();
        return await new Promise<number>(() => undefined);
      }
      case 'run': {
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort('cancelled'));
        const { runCommand } = await import('./runCommand');
        return await runCommand(argv.slice(1), {
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
          credentials: headlessCredentials,
          secret: headlessSecret,
          addressPolicy: headlessAddressPolicy(),
          signal: controller.signal,
          // Human approval nodes ask here when there is a terminal to ask on.
          ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
        });
      }
      case 'keys': {
        if (argv[1] !== 'rotate') {
          console.error('Usage: synapse keys rotate');
          return 1;
        }
        const result = await rotateProviderKeys(serverConfigFromEnv());
        console.log(
          `${result.generated ? `Generated master key ${result.keyId}. ` : ''}Rewrapped ${result.rewrapped} provider key(s) with master key ${result.keyId}.`,
        );
        return 0;
      }
      case 'export': {
        const { exportCommand } = await import('./exportCommand');
        return await exportCommand(argv.slice(1), {
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
        });
      }
      case 'migrate': {
        const config = serverConfigFromEnv();
        const database = await openConfiguredDatabase(config);
        const { applied } = await migrate(database.sql);
        await database.close();
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return command ? 0 : 1;
      default:
        console.error(`Unknown command "${command}".\n\n${HELP}`);
        return 1;
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(
        `\n  Synapse is already running on ${error.dataDir} (process ${error.pid}).\n  Stop it, or set DATA_DIR to another directory.\n`,
      );
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`\n  Port already in use. Stop the other process or set PORT=<free port>.\n`);
      return 1;
    }
    createLogger({ level: 'error', pretty: true, name: 'synapse' }).error({ err: error }, 'failed to start');
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}
