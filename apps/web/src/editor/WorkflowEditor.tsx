import { runDocName } from '@synapse/schema';
import { useCallback, useEffect, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { Banner } from '../components/Banner';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { useDocument } from '../hooks/useDocument';
import { useIndexTouch } from '../hooks/useIndexTouch';
import { useRunSnapshot } from '../hooks/useRunSnapshot';
import { useSyncState } from '../hooks/useSyncState';
import type { WorkflowView } from '../hooks/useWorkflowView';
import { Link } from '../routing/Link';
import { editorNoticeAtom, selectedNodeIdAtom, useAtom, useAtomValue } from '../state/atoms';
import type { SyncedDocument, SyncState } from '../sync/openDocument';
import { whenSaved } from '../sync/whenSaved';
import { AddAgentButton } from './AddAgentButton';
import { describeCycle } from './describeCycle';
import { describeEdges } from './describeEdges';
import { EditorSidePanel } from './EditorSidePanel';
import { RunButton, type RunFailure } from './RunButton';
import { WorkflowCanvas } from './WorkflowCanvas';
import { WorkflowNameInput } from './WorkflowNameInput';

interface WorkflowEditorProps {
  workspaceId: string;
  workflowId: string;
  workflow: SyncedDocument;
  index: SyncedDocument | null;
  view: WorkflowView;
  sync: SyncState;
}

const NOTICE_MS = 6000;
const SAVE_WAIT_MS = 5000;

function blockedReason(view: WorkflowView, sync: SyncState): string | null {
  if (sync.readOnly) return 'You have view-only access to this workflow.';
  if (view.cycleEdges.length > 0) return 'The graph has a cycle — remove one of the red edges to run.';
  if (!view.graph.nodes.some((n) => n.type !== 'note')) return 'Add an agent to run this workflow.';
  if (!sync.connected) return 'Runs need a connection to the server.';
  return null;
}

export function WorkflowEditor(props: WorkflowEditorProps) {
  const { workspaceId, workflowId, workflow, index, view, sync } = props;
  const { doc } = workflow;
  const readOnly = sync.readOnly;
  const lastRunId = view.meta.lastRunId;
  const runLoad = useDocument(lastRunId ? runDocName(workspaceId, lastRunId) : null, true);
  const runDoc = runLoad.state === 'ready' ? runLoad.synced : null;
  const runSync = useSyncState(runDoc);
  const run = useRunSnapshot(runDoc?.doc ?? null);
  const [runFailure, setRunFailure] = useState<RunFailure | null>(null);
  const [notice, setNotice] = useAtom(editorNoticeAtom);
  const selectedId = useAtomValue(selectedNodeIdAtom);
  const selectedNode = view.graph.nodes.find((n) => n.id === selectedId) ?? null;
  const hasNodes = view.graph.nodes.length > 0;

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  useIndexTouch(doc, index, workflowId);

  const beforeRun = useCallback(() => whenSaved(workflow, SAVE_WAIT_MS), [workflow]);

  const runError =
    runLoad.state === 'error' ? runLoad.message : runSync.error ? `Run unavailable — ${runSync.error}` : null;

  return (
    <div className="app-shell">
      <AppHeader
        actions={
          <>
            <AddAgentButton doc={doc} view={view} disabled={readOnly} />
            <RunButton
              workspaceId={workspaceId}
              workflowId={workflowId}
              blockedReason={blockedReason(view, sync)}
              beforeRun={beforeRun}
              onFailure={setRunFailure}
            />
            <SyncStatusBadge state={sync} />
          </>
        }
      >
        <Link href="/" className="crumb">
          Workflows
        </Link>
        <span className="crumb-sep" aria-hidden="true">
          /
        </span>
        <WorkflowNameInput
          doc={doc}
          index={index}
          workflowId={workflowId}
          name={view.meta.name}
          readOnly={readOnly}
        />
      </AppHeader>

      <main className="editor">
        <section className="editor__canvas" aria-label="Workflow canvas">
          <div className="editor__banners">
            {sync.error && <Banner tone="error">{sync.error}</Banner>}
            {view.cycleEdges.length > 0 && (
              <Banner tone="error" testId="cycle-banner">
                <strong>Cycle:</strong> {describeCycle(view.graph, view.cycleEdges)} — Run is disabled
              </Banner>
            )}
            {runFailure && (
              <Banner tone="error" testId="run-error" onDismiss={() => setRunFailure(null)}>
                <strong>Run refused:</strong> {runFailure.message}
                {runFailure.edges.length > 0 && <> ({describeEdges(view.graph, runFailure.edges)})</>}
              </Banner>
            )}
            {notice && (
              <Banner
                tone={notice.tone === 'error' ? 'warning' : 'info'}
                testId="editor-notice"
                onDismiss={() => setNotice(null)}
              >
                {notice.text}
              </Banner>
            )}
          </div>
          <WorkflowCanvas doc={doc} view={view} runNodes={run?.nodes ?? null} readOnly={readOnly} />
          {!hasNodes && (
            <div className="editor__empty" data-testid="canvas-empty">
              <h2>Start with an agent</h2>
              <p>
                Use <strong>Add agent</strong> to place one, then drag from a node’s right-hand dot to another
                node to pass its output along.
              </p>
            </div>
          )}
        </section>

        <EditorSidePanel
          doc={doc}
          selectedNode={selectedNode}
          hasNodes={hasNodes}
          readOnly={readOnly}
          lastRunId={lastRunId}
          run={run}
          runLoading={runLoad.state !== 'ready'}
          runError={runError}
        />
      </main>
    </div>
  );
}
