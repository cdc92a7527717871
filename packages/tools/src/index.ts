export {
  createMcpClientPool,
  type FetchLike,
  type McpClientPool,
  type McpClientPoolOptions,
} from './createMcpClientPool';
export {
  type BuiltinTool,
  createToolbox,
  type OfferedTool,
  type OpenedTools,
  type Toolbox,
  type ToolboxOptions,
} from './createToolbox';
export {
  createToolsRuntime,
  isMcpHeaderProvider,
  mcpHeaderProvider,
  type ToolsRuntime,
  type ToolsRuntimeOptions,
} from './createToolsRuntime';
export {
  createWebSearchTool,
  formatSearchResults,
  isWebSearchProvider,
  WEB_SEARCH_ORIGINS,
  type WebSearchOptions,
  type WebSearchProvider,
  type WebSearchResult,
  webSearchRequest,
} from './createWebSearchTool';
export { type McpServerConfig, type McpToolInfo, poolKeyOf, type ToolOutcome } from './McpServerConfig';
export { mcpResultText } from './mcpResultText';
export { parseStdioServerList, type StdioServerEntry } from './stdioServers';
export { ToolError } from './ToolError';
export { mcpToolRef, parseToolRef, type ToolRef } from './toolRefs';
