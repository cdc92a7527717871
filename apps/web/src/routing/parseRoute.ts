export type Route =
  | { name: 'list'; workspaceId: string }
  | { name: 'editor'; workspaceId: string; workflowId: string }
  | { name: 'not-found'; path: string };

export const DEFAULT_WORKSPACE = 'default';

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'list', workspaceId: DEFAULT_WORKSPACE };
  const editor = /^\/w\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (editor?.[1] && editor[2]) {
    return {
      name: 'editor',
      workspaceId: decodeURIComponent(editor[1]),
      workflowId: decodeURIComponent(editor[2]),
    };
  }
  return { name: 'not-found', path: pathname };
}

export function editorPath(workspaceId: string, workflowId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/${encodeURIComponent(workflowId)}`;
}
