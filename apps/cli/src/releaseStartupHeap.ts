import { flushCompileCache } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: string }) => void;

/**
 * Loading the server's modules makes V8 grow its young generation to its maximum (128 MB on 64-bit Node
 * 24), and an idle process never collects again, so that memory stays resident (issue #18: 195 MB idle
 * vs 123 MB after this). One memory-reducing collection shortly after the server listens gives it back;
 * the young generation grows again only under real load. Runs once, off the start path.
 */
export function releaseStartupHeap(delayMs = 1000): void {
  const timer = setTimeout(() => {
    // The compile cache (enabled in bin/synapse.mjs) is written here too: a SIGKILLed process never
    // writes it at exit, and the next start should find every module compiled.
    flushCompileCache?.();
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as Gc | undefined;
      gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    } catch {
      // An embedder that forbids flag changes keeps the default heap behaviour.
    }
  }, delayMs);
  timer.unref();
}
