export { buildFakeMcpServer, type FakeMcpCall } from './buildFakeMcpServer';
export { fakeMcpStdioCommand } from './fakeMcpStdioCommand';
export { type FakeMcpServer, type FakeMcpServerOptions, startFakeMcpServer } from './startFakeMcpServer';
