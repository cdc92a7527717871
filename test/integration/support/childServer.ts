import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  url: string;
  syncUrl: string;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const FIXTURE = fileURLToPath(new URL('../fixtures/serverProcess.ts', import.meta.url));

/** Starts apps/server in a child process (real sockets, real database) and waits for its ready line. */
export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const ready = await new Promise<{ url: string; syncUrl: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string; syncUrl?: string };
        if (parsed.url && parsed.syncUrl) resolve({ url: parsed.url, syncUrl: parsed.syncUrl });
      } catch {
        // log lines are not the ready line
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before ready:\n${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    ...ready,
    process: child,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
