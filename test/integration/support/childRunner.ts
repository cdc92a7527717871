import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildRunner {
  id: string;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const FIXTURE = fileURLToPath(new URL('../fixtures/runnerProcess.ts', import.meta.url));

/** Starts a runner in a child process (see fixtures/runnerProcess.ts) and waits until it takes jobs. */
export async function startChildRunner(id: string, env: Record<string, string>): Promise<ChildRunner> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: {
      ...process.env,
      RUNNER_PORT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      TEST_RUNNER_ID: id,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.includes('"ready":true')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`runner ${id} exited with ${code} before ready:\n${stderr}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    id,
    process: child,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
