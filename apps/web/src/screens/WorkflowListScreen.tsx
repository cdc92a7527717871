import {
  indexDocName,
  initWorkflowDoc,
  newId,
  USER_ORIGIN,
  upsertWorkflowEntry,
  workflowDocName,
} from '@synapse/schema';
import { type ReactNode, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { Banner } from '../components/Banner';
import { formatRelativeTime } from '../components/formatRelativeTime';
import { ScreenMessage } from '../components/ScreenMessage';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { useDelayPassed } from '../hooks/useDelayPassed';
import { useDocument } from '../hooks/useDocument';
import { useSyncState } from '../hooks/useSyncState';
import { useWorkflowIndex } from '../hooks/useWorkflowIndex';
import { Link } from '../routing/Link';
import { navigate } from '../routing/navigate';
import { editorPath } from '../routing/parseRoute';
import { acquireDocument } from '../sync/acquireDocument';

const NEW_WORKFLOW_NAME = 'Untitled workflow';

export function WorkflowListScreen({ workspaceId }: { workspaceId: string }) {
  const load = useDocument(indexDocName(workspaceId));
  const index = load.state === 'ready' ? load.synced : null;
  const sync = useSyncState(index);
  const entries = useWorkflowIndex(index?.doc ?? null);
  const settled = useDelayPassed(2500);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  const createWorkflow = async () => {
    if (!index) return;
    setCreating(true);
    setCreateError(null);
    const workflowId = newId();
    // The editor acquires the same document right after navigating, so this lease hands it over warm.
    const lease = acquireDocument(workflowDocName(workspaceId, workflowId), { readOnly: false });
    try {
      const workflow = await lease.ready;
      const now = Date.now();
      initWorkflowDoc(workflow.doc, { name: NEW_WORKFLOW_NAME }, USER_ORIGIN);
      upsertWorkflowEntry(
        index.doc,
        workflowId,
        { name: NEW_WORKFLOW_NAME, createdAt: now, updatedAt: now, archived: false },
        USER_ORIGIN,
      );
      navigate(editorPath(workspaceId, workflowId));
    } catch (error) {
      setCreateError(error instanceof Error ? error.message : String(error));
      setCreating(false);
    } finally {
      lease.release();
    }
  };

  const visible = (entries ?? []).filter((entry) => !entry.archived);
  const waitingForFirstSync = visible.length === 0 && !sync.everSynced && !sync.error && !settled;

  let body: ReactNode;
  if (load.state === 'error') {
    body = (
      <ScreenMessage kind="error" title="Could not open your workflows">
        {load.message}
      </ScreenMessage>
    );
  } else if (load.state !== 'ready' || waitingForFirstSync) {
    body = <ScreenMessage kind="loading" title="Loading workflows…" />;
  } else if (visible.length === 0) {
    body = (
      <ScreenMessage kind="empty" title="No workflows yet" testId="workflow-list-empty">
        <p>Create a workflow, drop agents on the canvas and wire them together.</p>
        {!sync.connected && <p className="muted">You are offline — new workflows sync when you reconnect.</p>}
      </ScreenMessage>
    );
  } else {
    body = (
      <ul className="workflow-list" data-testid="workflow-list">
        {visible.map((entry) => (
          <li key={entry.id}>
            <Link href={editorPath(workspaceId, entry.id)} className="workflow-card">
              <span className="workflow-card__name">{entry.name || NEW_WORKFLOW_NAME}</span>
              <span className="workflow-card__meta">Updated {formatRelativeTime(entry.updatedAt)}</span>
            </Link>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="app-shell">
      <AppHeader actions={<SyncStatusBadge state={sync} />}>
        <span className="crumb">Workspace</span>
        <span className="crumb crumb--current">{workspaceId}</span>
      </AppHeader>
      <main className="list-page">
        <div className="list-page__head">
          <div>
            <h1>Workflows</h1>
            <p className="muted">Multi-agent graphs you build and run together.</p>
          </div>
          <button
            type="button"
            className="button button--primary"
            onClick={createWorkflow}
            disabled={!index || creating}
            data-testid="new-workflow"
          >
            {creating ? 'Creating…' : 'New workflow'}
          </button>
        </div>
        {sync.error && <Banner tone="error">{sync.error}</Banner>}
        {createError && (
          <Banner tone="error" onDismiss={() => setCreateError(null)}>
            Could not create the workflow: {createError}
          </Banner>
        )}
        {body}
      </main>
    </div>
  );
}
