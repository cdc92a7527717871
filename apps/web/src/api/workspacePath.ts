/** `/api/workspaces/<id>`, the prefix of every workspace route. */
export function workspacePath(workspaceId: string): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}`;
}
