/** The agent's tool list with `ref` added or removed, keeping the others in their order. */
export function toggleToolRef(refs: readonly string[], ref: string, on: boolean): string[] {
  const rest = refs.filter((r) => r !== ref);
  return on ? [...rest, ref] : rest;
}

/** `mcp:<serverId>:<toolName>`: how an agent names an MCP tool. */
export function mcpToolRef(serverId: string, toolName: string): string {
  return `mcp:${serverId}:${toolName}`;
}
