import './workspaceNav.css';
import { useSession } from '../account/useSession';
import { Link } from '../routing/Link';
import { type Route, WORKSPACE_PAGES, type WorkspacePage, workspacePagePath } from '../routing/parseRoute';

type Tab = WorkspacePage | 'list' | 'memory' | 'tools';

const LABELS: Record<Tab, string> = {
  list: 'Workflows',
  memory: 'Memory',
  tools: 'Tools',
  templates: 'Templates',
  history: 'History',
  analytics: 'Analytics',
  health: 'Health',
};

/** Which tab a route belongs to: a run and a comparison live under History. */
function currentTab(route: Route): Tab | null {
  if (route.name === 'list' || route.name === 'memory' || route.name === 'tools') return route.name;
  if (route.name === 'run' || route.name === 'compare') return 'history';
  return (WORKSPACE_PAGES as readonly string[]).includes(route.name) ? (route.name as WorkspacePage) : null;
}

/**
 * The workspace's pages, shown in the header of every workspace screen except the editor (settings too:
 * from there, History or Tools is one click away, not a trip through the list). Health is
 * install-wide, so only the install's administrators (owners of the default workspace) see its tab.
 */
export function WorkspaceNav({ route }: { route: Route }) {
  const session = useSession()?.session;
  if (!('workspaceId' in route) || route.name === 'editor') return null;
  const current = currentTab(route);
  const installAdmin = session?.workspaces.some((w) => w.id === 'default' && w.role === 'owner') ?? false;
  const tabs: Tab[] = ['list', ...WORKSPACE_PAGES, 'memory', 'tools'].filter(
    (tab) => tab !== 'health' || installAdmin,
  ) as Tab[];
  return (
    <nav className="workspace-nav" aria-label="Workspace">
      {tabs.map((tab) => (
        <Link
          key={tab}
          href={
            tab === 'list'
              ? `/w/${encodeURIComponent(route.workspaceId)}`
              : tab === 'memory' || tab === 'tools'
                ? `/w/${encodeURIComponent(route.workspaceId)}/${tab}`
                : workspacePagePath(route.workspaceId, tab)
          }
          className={`workspace-nav__link${tab === current ? ' workspace-nav__link--current' : ''}`}
          aria-current={tab === current ? 'page' : undefined}
          data-testid={`nav-${tab}`}
        >
          {LABELS[tab]}
        </Link>
      ))}
    </nav>
  );
}
