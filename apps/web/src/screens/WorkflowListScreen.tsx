import { indexDocName, type WorkflowEntry } from '@synapse/schema';
import { type ReactNode, useMemo, useState } from 'react';
import { TwoFactorRequiredNotice } from '../account/TwoFactorRequiredNotice';
import { errorMessage } from '../api/errorMessage';
import { AppHeader } from '../components/AppHeader';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { PageCrumbs } from '../history/PageCrumbs';
import { useDelayPassed } from '../hooks/useDelayPassed';
import { useDocument } from '../hooks/useDocument';
import { useSyncState } from '../hooks/useSyncState';
import { useWorkflowIndex } from '../hooks/useWorkflowIndex';
import { ConfirmDeleteDialog } from '../list/ConfirmDeleteDialog';
import { countByFilter, filterWorkflows, type ListFilter } from '../list/filterWorkflows';
import { ImportButton } from '../list/ImportButton';
import { ListToolbar } from '../list/ListToolbar';
import { uniqueImportName } from '../list/uniqueImportName';
import { useFileDrop } from '../list/useFileDrop';
import { useLatestRuns } from '../list/useLatestRuns';
import { WorkflowCard, type WorkflowCardActions } from '../list/WorkflowCard';
import {
  createWorkflow,
  deleteWorkflow,
  duplicateWorkflow,
  exportWorkflowById,
  NEW_WORKFLOW_NAME,
  renameWorkflow,
  setWorkflowArchived,
} from '../list/workflowActions';
import { Link } from '../routing/Link';
import { navigate } from '../routing/navigate';
import { editorPath, workspacePagePath } from '../routing/parseRoute';
import { isOnline } from '../sync/onlineStatus';

interface Notice {
  tone: 'error' | 'info';
  text: string;
}

export function WorkflowListScreen({ workspaceId }: { workspaceId: string }) {
  const load = useDocument(indexDocName(workspaceId));
  const index = load.state === 'ready' ? load.synced : null;
  const sync = useSyncState(index);
  const entries = useWorkflowIndex(index?.doc ?? null);
  const latestRuns = useLatestRuns(workspaceId);
  const settled = useDelayPassed(2500);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<ListFilter>('active');
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WorkflowEntry | null>(null);

  const all = entries ?? [];
  const counts = useMemo(() => countByFilter(all), [all]);
  const visible = useMemo(() => filterWorkflows(all, filter, query, NEW_WORKFLOW_NAME), [all, filter, query]);
  const nameOf = (entry: WorkflowEntry) => entry.name || NEW_WORKFLOW_NAME;

  const run = (work: () => Promise<string | null>, failure: string) => {
    work().then(
      (text) => text && setNotice({ tone: 'info', text }),
      (error: unknown) => setNotice({ tone: 'error', text: `${failure}: ${errorMessage(error)}` }),
    );
  };

  const onCreate = async () => {
    if (!index) return;
    setCreating(true);
    setNotice(null);
    try {
      const id = await createWorkflow(index, workspaceId, { name: NEW_WORKFLOW_NAME });
      navigate(editorPath(workspaceId, id));
    } catch (error) {
      setNotice({ tone: 'error', text: `Could not create the workflow: ${errorMessage(error)}` });
      setCreating(false);
    }
  };

  const onImport = (file: File) => {
    if (!index) return;
    run(async () => {
      // Loaded on demand: the file parser (zod) is not needed to show the list.
      const { readWorkflowFile } = await import('../io/readWorkflowFile');
      const parsed = await readWorkflowFile(file);
      if (!parsed.ok) throw new Error(parsed.message);
      const fileName =
        parsed.graph.name.trim() || file.name.replace(/(\.synapse)?\.json$/i, '') || NEW_WORKFLOW_NAME;
      const name = uniqueImportName(fileName, all.map(nameOf));
      await createWorkflow(index, workspaceId, { name, graph: parsed.graph });
      setFilter('active');
      setQuery('');
      return `Imported “${name}”.`;
    }, `Could not import ${file.name}`);
  };
  const drop = useFileDrop(onImport, index !== null);

  const actions: WorkflowCardActions = {
    startRename: setRenamingId,
    cancelRename: () => setRenamingId(null),
    rename(id, name) {
      setRenamingId(null);
      if (!index) return;
      run(async () => {
        await renameWorkflow(index, workspaceId, id, name);
        return null;
      }, 'Could not rename the workflow');
    },
    duplicate(entry) {
      if (!index) return;
      run(
        async () => {
          const copy = await duplicateWorkflow(index, workspaceId, { id: entry.id, name: nameOf(entry) });
          return `Duplicated as “${copy.name}”.`;
        },
        `Could not duplicate “${nameOf(entry)}”`,
      );
    },
    exportFile(entry) {
      run(() => exportWorkflowById(workspaceId, entry.id), `Could not export “${nameOf(entry)}”`);
    },
    setArchived(entry, archived) {
      if (!index) return;
      setWorkflowArchived(index, entry.id, archived);
      setNotice({ tone: 'info', text: `${archived ? 'Archived' : 'Restored'} “${nameOf(entry)}”.` });
    },
    askDelete: setDeleting,
  };

  const waitingForFirstSync = all.length === 0 && !sync.everSynced && !sync.error && !settled;
  let body: ReactNode;
  if (load.state === 'error') {
    body = (
      <ScreenMessage kind="error" title="Could not open your workflows">
        {load.message}
      </ScreenMessage>
    );
  } else if (load.state !== 'ready' || waitingForFirstSync) {
    body = <ScreenMessage kind="loading" title="Loading workflows…" />;
  } else if (all.length === 0) {
    body = (
      <ScreenMessage kind="empty" title="No workflows yet" testId="workflow-list-empty">
        <p>Start from a template that runs right away on the built-in local model, or build your own.</p>
        <p>
          <Link
            href={workspacePagePath(workspaceId, 'templates')}
            className="button button--primary"
            data-testid="empty-browse-templates"
          >
            Browse templates
          </Link>
        </p>
        <p className="muted">
          Or create a blank workflow, drop agents on the canvas and wire them together — or drop a workflow
          file here.
        </p>
        {!sync.connected && <p className="muted">You are offline — new workflows sync when you reconnect.</p>}
      </ScreenMessage>
    );
  } else if (visible.length === 0) {
    body = (
      <ScreenMessage
        kind="empty"
        title={query ? 'No matching workflows' : 'Nothing archived'}
        testId="workflow-list-none"
      >
        <p>
          {query
            ? `No ${filter === 'archived' ? 'archived ' : ''}workflow name contains “${query.trim()}”.`
            : 'Archived workflows appear here, ready to restore.'}
        </p>
      </ScreenMessage>
    );
  } else {
    body = (
      <ul
        className="workflow-list"
        data-testid="workflow-list"
        aria-label={`${filter === 'archived' ? 'Archived' : 'Active'} workflows`}
      >
        {visible.map((entry) => (
          <WorkflowCard
            key={entry.id}
            entry={entry}
            displayName={nameOf(entry)}
            href={editorPath(workspaceId, entry.id)}
            renaming={renamingId === entry.id}
            actions={actions}
            lastRun={latestRuns.get(entry.id)}
          />
        ))}
      </ul>
    );
  }

  return (
    <div className="app-shell">
      <AppHeader actions={<SyncStatusBadge state={sync} />}>
        <PageCrumbs workspaceId={workspaceId} current="Workflows" />
      </AppHeader>
      <main
        className={`list-page${drop.dragging ? ' list-page--dragging' : ''}`}
        data-testid="list-page"
        {...drop.handlers}
      >
        <div className="list-page__head">
          <div>
            <h1>Workflows</h1>
            <p className="muted">Multi-agent graphs you build and run together.</p>
          </div>
          <div className="list-page__actions">
            <ImportButton disabled={!index} onFile={onImport} />
            <button
              type="button"
              className="button button--primary"
              onClick={onCreate}
              disabled={!index || creating}
              data-testid="new-workflow"
            >
              {creating ? 'Creating…' : 'New workflow'}
            </button>
          </div>
        </div>
        {!sync.connected && !sync.connecting && load.state === 'ready' && !sync.rejected && (
          <Banner tone="warning" testId="offline-banner">
            {isOnline() ? 'Cannot reach the server.' : 'You are offline.'} Workflows opened on this device
            still work; changes sync when the connection is back.
          </Banner>
        )}
        {sync.error && <Banner tone="error">{sync.error}</Banner>}
        {sync.rejected && (
          <TwoFactorRequiredNotice workspaceId={workspaceId} docName={indexDocName(workspaceId)} />
        )}
        {notice && (
          <Banner tone={notice.tone} onDismiss={() => setNotice(null)} testId="list-notice">
            {notice.text}
          </Banner>
        )}
        {all.length > 0 && (
          <ListToolbar
            query={query}
            onQuery={setQuery}
            filter={filter}
            onFilter={setFilter}
            counts={counts}
          />
        )}
        {body}
        {drop.dragging && (
          <div className="drop-overlay" aria-hidden="true">
            Drop a workflow file to import it
          </div>
        )}
      </main>
      {deleting && (
        <ConfirmDeleteDialog
          name={nameOf(deleting)}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            if (index) deleteWorkflow(index, deleting.id);
            setNotice({ tone: 'info', text: `Deleted “${nameOf(deleting)}”.` });
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}
