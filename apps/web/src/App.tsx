import { lazy, Suspense } from 'react';
import { useRoute } from './routing/useRoute';
import { LoadingScreen } from './screens/LoadingScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { WorkflowListScreen } from './screens/WorkflowListScreen';

// The canvas (React Flow, d3) is only needed on the editor route: keep it out of the list's bundle.
const EditorScreen = lazy(() => import('./screens/EditorScreen').then((m) => ({ default: m.EditorScreen })));

export function App() {
  const route = useRoute();
  switch (route.name) {
    case 'list':
      return <WorkflowListScreen workspaceId={route.workspaceId} />;
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
    case 'not-found':
      return <NotFoundScreen path={route.path} />;
  }
}
