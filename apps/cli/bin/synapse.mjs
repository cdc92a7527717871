#!/usr/bin/env node
// The `synapse` command runs a bundle of the workspace's TypeScript (ADR 0027, amending 0004): built by
// esbuild on the first start and whenever a source changes (ensureCliBundle.mjs), so `npm install` then
// `npm start` still need no build step, and a restart loads a few plain modules instead of running ~350
// sources through tsx (issue #18). SYNAPSE_FROM_SOURCE=1 runs the sources through tsx instead (also the
// fallback when the bundle cannot be built, e.g. a read-only install without one).
// V8's compile cache (NODE_COMPILE_CACHE, default under the OS temp directory) keeps the compiled modules
// between starts; it is flushed once the command has started (releaseStartupHeap), since a SIGKILLed
// process never writes it.
import module from 'node:module';

module.enableCompileCache?.();

async function bundleEntry() {
  if (process.env.SYNAPSE_FROM_SOURCE === '1') return null;
  try {
    const { ensureCliBundle } = await import('./ensureCliBundle.mjs');
    return await ensureCliBundle({ log: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(
      `Running from source: the bundle could not be built (${error?.message ?? error}).\n`,
    );
    return null;
  }
}

async function loadMain() {
  const entry = await bundleEntry();
  if (entry) return (await import(entry)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
