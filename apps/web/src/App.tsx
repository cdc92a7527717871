import { lazy, type ReactNode, Suspense } from 'react';
import { HomeScreen } from './account/HomeScreen';
import { InviteScreen } from './account/InviteScreen';
import { LoginScreen } from './account/LoginScreen';
import { SessionGate } from './account/SessionGate';
import { SessionProvider } from './account/SessionProvider';
import { SettingsScreen } from './account/SettingsScreen';
import { WorkspacePageScreen } from './history/WorkspacePageScreen';
import { MemoryScreen } from './memory/MemoryScreen';
import type { Route } from './routing/parseRoute';
import { useRoute } from './routing/useRoute';
import { LoadingScreen } from './screens/LoadingScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { WorkflowListScreen } from './screens/WorkflowListScreen';
import { RejectedSyncBanner } from './sync/RejectedSyncBanner';
import { ToolsScreen } from './tools/ToolsScreen';

// The canvas (React Flow, d3) is only needed on the editor route: keep it out of the list's bundle.
const EditorScreen = lazy(() => import('./screens/EditorScreen').then((m) => ({ default: m.EditorScreen })));

export function App() {
  const route = useRoute();
  return (
    <SessionProvider>
      {route.name === 'login' ? (
        <LoginScreen />
      ) : route.name === 'invite' ? (
        <InviteScreen token={route.token} />
      ) : (
        <SessionGate>{screenFor(route)}</SessionGate>
      )}
      <RejectedSyncBanner />
    </SessionProvider>
  );
}

function screenFor(route: Route): ReactNode {
  switch (route.name) {
    case 'list':
      return location.pathname === '/' ? (
        <HomeScreen fallbackWorkspaceId={route.workspaceId} />
      ) : (
        <WorkflowListScreen key={route.workspaceId} workspaceId={route.workspaceId} />
      );
    case 'settings':
      return <SettingsScreen workspaceId={route.workspaceId} tab={route.tab} />;
    case 'login':
    case 'invite':
      return null;
    case 'editor':
      return (
        <Suspense fallback={<LoadingScreen title="Opening workflow…" />}>
          <EditorScreen
            key={`${route.workspaceId}/${route.workflowId}`}
            workspaceId={route.workspaceId}
            workflowId={route.workflowId}
          />
        </Suspense>
      );
    case 'templates':
    case 'history':
    case 'analytics':
    case 'health':
    case 'run':
    case 'compare':
      return <WorkspacePageScreen route={route} />;
    case 'memory':
      return <MemoryScreen key={route.workspaceId} workspaceId={route.workspaceId} />;
    case 'tools':
      return <ToolsScreen key={route.workspaceId} workspaceId={route.workspaceId} />;
    case 'not-found':
      return <NotFoundScreen path={route.path} />;
  }
}
