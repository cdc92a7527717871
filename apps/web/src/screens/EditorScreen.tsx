import { indexDocName, workflowDocName } from '@synapse/schema';
import { ReactFlowProvider } from '@xyflow/react';
import { AppHeader } from '../components/AppHeader';
import { ScreenMessage } from '../components/ScreenMessage';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { useWorkflowSnapshot } from '../editor/useWorkflowSnapshot';
import { WorkflowEditor } from '../editor/WorkflowEditor';
import { useDelayPassed } from '../hooks/useDelayPassed';
import { useDocument } from '../hooks/useDocument';
import { useSyncState } from '../hooks/useSyncState';
import { Link } from '../routing/Link';
import { AtomScope } from '../state/atoms';

interface EditorScreenProps {
  workspaceId: string;
  workflowId: string;
}

function validDocName(workspaceId: string, workflowId: string): string | null {
  try {
    return workflowDocName(workspaceId, workflowId);
  } catch {
    return null;
  }
}

/** Opens the workflow document local-first and decides between loading, error and the editor. */
export function EditorScreen({ workspaceId, workflowId }: EditorScreenProps) {
  const docName = validDocName(workspaceId, workflowId);
  const load = useDocument(docName);
  const indexLoad = useDocument(docName ? indexDocName(workspaceId) : null);
  const workflow = load.state === 'ready' ? load.synced : null;
  const sync = useSyncState(workflow);
  const view = useWorkflowSnapshot(workflow?.doc ?? null);
  const settled = useDelayPassed(4000);

  let message: { kind: 'loading' | 'error'; title: string; body?: string } | null = null;
  if (!docName) {
    message = { kind: 'error', title: 'Not a valid workflow address', body: 'Check the link and try again.' };
  } else if (load.state === 'error') {
    message = { kind: 'error', title: 'Could not open this workflow', body: load.message };
  } else if (!workflow || !view) {
    message = { kind: 'loading', title: 'Opening workflow…' };
  } else if (!view.initialised) {
    if (sync.error) {
      message = { kind: 'error', title: 'The server refused this workflow', body: sync.error };
    } else if (sync.everSynced) {
      message = {
        kind: 'error',
        title: 'Workflow not found',
        body: 'It may have been deleted, or the link is wrong.',
      };
    } else if (!sync.connected && settled) {
      message = {
        kind: 'error',
        title: 'Not available offline',
        body: 'This workflow has not been opened on this device yet. It loads as soon as you are back online.',
      };
    } else {
      message = { kind: 'loading', title: 'Loading workflow…' };
    }
  }

  if (message || !workflow || !view) {
    return (
      <div className="app-shell">
        <AppHeader actions={<SyncStatusBadge state={sync} />}>
          <Link href="/" className="crumb">
            Workflows
          </Link>
        </AppHeader>
        <main className="screen-center">
          <ScreenMessage kind={message?.kind ?? 'loading'} title={message?.title ?? 'Opening workflow…'}>
            {message?.body && <p>{message.body}</p>}
            {message?.kind === 'error' && (
              <p>
                <Link href="/" className="button">
                  Back to workflows
                </Link>
              </p>
            )}
          </ScreenMessage>
        </main>
      </div>
    );
  }

  return (
    <AtomScope key={docName}>
      <ReactFlowProvider>
        <WorkflowEditor
          workspaceId={workspaceId}
          workflowId={workflowId}
          workflow={workflow}
          index={indexLoad.state === 'ready' ? indexLoad.synced : null}
          snapshot={view}
          sync={sync}
        />
      </ReactFlowProvider>
    </AtomScope>
  );
}
