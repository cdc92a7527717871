import { ScreenMessage } from '../components/ScreenMessage';
import { WorkflowListScreen } from '../screens/WorkflowListScreen';
import { useSession } from './useSession';

/** `/`: the default workspace when the user is in it, else their first workspace. */
export function HomeScreen({ fallbackWorkspaceId }: { fallbackWorkspaceId: string }) {
  const workspaces = useSession()?.session?.workspaces ?? [];
  const chosen = workspaces.some((w) => w.id === fallbackWorkspaceId)
    ? fallbackWorkspaceId
    : workspaces[0]?.id;
  if (!chosen)
    return (
      <main className="screen-center">
        <ScreenMessage kind="empty" title="You are not in any workspace">
          Ask a workspace owner for an invite link, or create a workspace from the menu.
        </ScreenMessage>
      </main>
    );
  return <WorkflowListScreen key={chosen} workspaceId={chosen} />;
}
