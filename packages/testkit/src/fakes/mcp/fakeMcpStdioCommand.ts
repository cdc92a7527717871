import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The command and arguments that start the fake MCP server over stdio: Node with the tsx loader
 * (the entry imports extensionless TypeScript modules), for an operator allow-list in tests.
 */
export function fakeMcpStdioCommand(): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ['--import', import.meta.resolve('tsx'), join(here, 'fakeMcpStdio.ts')],
  };
}
