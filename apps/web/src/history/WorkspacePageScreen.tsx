import { lazy, type ReactNode, Suspense } from 'react';
import type { Route } from '../routing/parseRoute';
import { LoadingScreen } from '../screens/LoadingScreen';

// Loaded on demand, like the editor: none of these is needed to show the workflow list.
const TemplateGalleryScreen = lazy(() =>
  import('../templates/TemplateGalleryScreen').then((m) => ({ default: m.TemplateGalleryScreen })),
);
const HistoryScreen = lazy(() => import('./HistoryScreen').then((m) => ({ default: m.HistoryScreen })));
const RunDetailScreen = lazy(() => import('./RunDetailScreen').then((m) => ({ default: m.RunDetailScreen })));
const CompareScreen = lazy(() => import('./CompareScreen').then((m) => ({ default: m.CompareScreen })));
const AnalyticsScreen = lazy(() =>
  import('../analytics/AnalyticsScreen').then((m) => ({ default: m.AnalyticsScreen })),
);
const SystemHealthScreen = lazy(() =>
  import('../analytics/SystemHealthScreen').then((m) => ({ default: m.SystemHealthScreen })),
);

export type WorkspacePageRoute = Extract<
  Route,
  { name: 'templates' | 'history' | 'analytics' | 'health' | 'run' | 'compare' }
>;

/** The template gallery, run history (a run, a comparison), analytics and system health. */
export function WorkspacePageScreen({ route }: { route: WorkspacePageRoute }) {
  const ws = route.workspaceId;
  let screen: ReactNode;
  switch (route.name) {
    case 'templates':
      screen = <TemplateGalleryScreen key={ws} workspaceId={ws} />;
      break;
    case 'history':
      screen = <HistoryScreen key={ws} workspaceId={ws} />;
      break;
    case 'run':
      screen = <RunDetailScreen key={`${ws}/${route.runId}`} workspaceId={ws} runId={route.runId} />;
      break;
    case 'compare':
      screen = (
        <CompareScreen
          key={`${ws}/${route.runA}/${route.runB}`}
          workspaceId={ws}
          runA={route.runA}
          runB={route.runB}
        />
      );
      break;
    case 'analytics':
      screen = <AnalyticsScreen key={ws} workspaceId={ws} />;
      break;
    case 'health':
      screen = <SystemHealthScreen key={ws} workspaceId={ws} />;
      break;
  }
  return <Suspense fallback={<LoadingScreen title="Loading…" />}>{screen}</Suspense>;
}
