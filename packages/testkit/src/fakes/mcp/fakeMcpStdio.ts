import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { buildFakeMcpServer } from './buildFakeMcpServer';

// Entry point of the fake MCP server over stdio (spawned through `fakeMcpStdioCommand`). Calls are
// not recorded across the process boundary; the client sees the results.
await buildFakeMcpServer([]).connect(new StdioServerTransport());
