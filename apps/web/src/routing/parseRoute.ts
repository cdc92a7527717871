export type Route =
  | { name: 'list'; workspaceId: string }
  | { name: 'editor'; workspaceId: string; workflowId: string }
  | {
      name: 'settings';
      workspaceId: string;
      tab: 'members' | 'keys' | 'secrets' | 'audit' | 'sso' | 'security';
    }
  | { name: WorkspacePage; workspaceId: string }
  | { name: 'run'; workspaceId: string; runId: string }
  | { name: 'memory'; workspaceId: string }
  | { name: 'tools'; workspaceId: string }
  | { name: 'compare'; workspaceId: string; runA: string; runB: string }
  | { name: 'login' }
  | { name: 'invite'; token: string }
  | { name: 'not-found'; path: string };

export const DEFAULT_WORKSPACE = 'default';

/**
 * Workspace pages whose names are reserved as the second path segment (`/w/<ws>/history`), so a
 * workflow with one of these ids could not be opened by URL; workflow ids are random, so none is.
 */
export const WORKSPACE_PAGES = ['templates', 'history', 'analytics', 'health'] as const;
export type WorkspacePage = (typeof WORKSPACE_PAGES)[number];

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'list', workspaceId: DEFAULT_WORKSPACE };
  if (pathname === '/login') return { name: 'login' };
  const invite = /^\/invite\/([A-Za-z0-9_-]{16,256})\/?$/.exec(pathname);
  if (invite?.[1]) return { name: 'invite', token: invite[1] };
  const workspace = /^\/w\/([^/]+)\/?$/.exec(pathname);
  if (workspace?.[1]) return { name: 'list', workspaceId: decodeURIComponent(workspace[1]) };
  const settings = /^\/w\/([^/]+)\/settings\/(members|keys|secrets|audit|sso|security)\/?$/.exec(pathname);
  if (settings?.[1] && settings[2]) {
    const tab = settings[2] as 'members' | 'keys' | 'secrets' | 'audit' | 'sso' | 'security';
    return { name: 'settings', workspaceId: decodeURIComponent(settings[1]), tab };
  }
  const page = /^\/w\/([^/]+)\/(templates|history|analytics|health)\/?$/.exec(pathname);
  if (page?.[1] && page[2])
    return { name: page[2] as WorkspacePage, workspaceId: decodeURIComponent(page[1]) };
  const run = /^\/w\/([^/]+)\/history\/([^/]+)\/?$/.exec(pathname);
  if (run?.[1] && run[2])
    return { name: 'run', workspaceId: decodeURIComponent(run[1]), runId: decodeURIComponent(run[2]) };
  const compare = /^\/w\/([^/]+)\/compare\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (compare?.[1] && compare[2] && compare[3])
    return {
      name: 'compare',
      workspaceId: decodeURIComponent(compare[1]),
      runA: decodeURIComponent(compare[2]),
      runB: decodeURIComponent(compare[3]),
    };
  const memory = /^\/w\/([^/]+)\/(memory|tools)\/?$/.exec(pathname);
  if (memory?.[1] && memory[2])
    return { name: memory[2] as 'memory' | 'tools', workspaceId: decodeURIComponent(memory[1]) };
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

export function workspacePagePath(workspaceId: string, page: WorkspacePage): string {
  return `/w/${encodeURIComponent(workspaceId)}/${page}`;
}

/** The workspace memory bank page. */
export function memoryPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/memory`;
}

/** The workspace tools page (MCP servers, API tokens). */
export function toolsPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/tools`;
}

/** A past run, opened from the history. */
export function runPath(workspaceId: string, runId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/history/${encodeURIComponent(runId)}`;
}

export function comparePath(workspaceId: string, runA: string, runB: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/compare/${encodeURIComponent(runA)}/${encodeURIComponent(runB)}`;
}
