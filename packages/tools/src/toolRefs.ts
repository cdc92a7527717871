/** A parsed agent tool reference: `mcp:<serverId>:<toolName>` or `builtin:<name>`. */
export type ToolRef = { kind: 'mcp'; serverId: string; name: string } | { kind: 'builtin'; name: string };

export function parseToolRef(ref: string): ToolRef | null {
  if (ref.startsWith('builtin:')) {
    const name = ref.slice('builtin:'.length);
    return /^[a-z_]{1,32}$/.test(name) ? { kind: 'builtin', name } : null;
  }
  const match = /^mcp:([A-Za-z0-9_-]{1,64}):(.{1,128})$/.exec(ref);
  return match ? { kind: 'mcp', serverId: match[1] as string, name: match[2] as string } : null;
}

export function mcpToolRef(serverId: string, toolName: string): string {
  return `mcp:${serverId}:${toolName}`;
}
