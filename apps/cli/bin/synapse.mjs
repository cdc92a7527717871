#!/usr/bin/env node
// The `synapse` command runs the TypeScript sources directly through tsx: no build step for servers.
// V8's compile cache (NODE_COMPILE_CACHE, default under the OS temp directory) keeps the compiled modules
// between starts, so a restart does not compile hundreds of modules again (issue #18); the cache is
// flushed once the command has started (flushStartupCaches), since a SIGKILLed process never writes it.
import module from 'node:module';

module.enableCompileCache?.();
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
