import type { ToolOutcome } from './McpServerConfig';

interface McpContent {
  type: string;
  text?: string;
  uri?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string };
}

/** Flattens an MCP `callTool` result to the text a model reads (text parts, else structured content). */
export function mcpResultText(result: {
  [key: string]: unknown;
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
}): ToolOutcome {
  const parts: string[] = [];
  for (const item of Array.isArray(result.content) ? (result.content as McpContent[]) : []) {
    if (item.type === 'text' && typeof item.text === 'string') parts.push(item.text);
    else if (item.type === 'resource' && item.resource?.text) parts.push(item.resource.text);
    else if (item.type === 'resource_link' && item.uri) parts.push(`[resource] ${item.uri}`);
    else parts.push(`[${item.type}${item.mimeType ? ` ${item.mimeType}` : ''} omitted]`);
  }
  if (parts.length === 0 && result.structuredContent !== undefined) {
    parts.push(JSON.stringify(result.structuredContent));
  }
  return { content: parts.join('\n'), isError: result.isError === true };
}
