#!/usr/bin/env node
// The `synapse` command runs the TypeScript sources directly through tsx: no build step for servers.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
