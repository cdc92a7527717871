import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, ParentMessage, ServerKind } from './serverProcess';

export interface ServerChild {
  kind: ServerKind;
  syncUrl: string;
  token: string;
  pid: number;
  /** The server process's RSS and heap after a full GC there, bytes. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  /** The server process's CPU time so far (user + system), seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

function next<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs = 120_000,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server child: no ${type} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null) => reject(new Error(`server child exited (${code}) before ${type}`));
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts one server under test as a child process (see serverProcess.ts). */
export async function spawnServer(
  kind: ServerKind,
  env: Record<string, string> = {},
  execArgv: string[] = [],
): Promise<ServerChild> {
  const child = fork(join(import.meta.dirname, 'serverProcess.ts'), [kind], {
    execArgv: ['--expose-gc', '--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await next(child, 'ready');
  const ask = (message: ParentMessage) => child.send(message);
  return {
    kind,
    syncUrl: ready.syncUrl,
    token: ready.token,
    pid: child.pid as number,
    async memory() {
      const reply = next(child, 'memory');
      ask({ type: 'memory' });
      const { rss, heapUsed } = await reply;
      return { rss, heapUsed };
    },
    async cpuSeconds() {
      const reply = next(child, 'cpu');
      ask({ type: 'cpu' });
      const { user, system } = await reply;
      return (user + system) / 1e6;
    },
    async stop() {
      const stopped = next(child, 'stopped', 60_000);
      ask({ type: 'stop' });
      await stopped;
    },
  };
}
