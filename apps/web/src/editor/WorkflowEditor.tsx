import { declaredRunInputs } from '@synapse/schema';
import { useCallback, useMemo, useState } from 'react';
import { useSession } from '../account/useSession';
import { AppHeader } from '../components/AppHeader';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { useIndexTouch } from '../hooks/useIndexTouch';
import { ExportCodeMenu } from '../io/ExportCodeMenu';
import { PresenceAvatars } from '../presence/PresenceAvatars';
import { usePresence } from '../presence/usePresence';
import { Link } from '../routing/Link';
import { selectionAtom, useAtomValue } from '../state/atoms';
import type { SyncedDocument, SyncState } from '../sync/openDocument';
import { whenSaved } from '../sync/whenSaved';
import { TriggersButton } from '../triggers/TriggersButton';
import { TriggersPanel } from '../triggers/TriggersPanel';
import { VersionsButton } from '../versions/VersionsButton';
import { VersionsPanel } from '../versions/VersionsPanel';
import { CanvasBanners } from './CanvasBanners';
import { runIsStale } from './canvas/runIsStale';
import { WorkflowCanvas } from './canvas/WorkflowCanvas';
import { useClipboardEvents } from './clipboard/useClipboardEvents';
import { EditorToolbar } from './commands/EditorToolbar';
import { ShortcutHelpDialog } from './commands/ShortcutHelpDialog';
import { useEditorCommands } from './commands/useEditorCommands';
import { useEditorShortcuts } from './commands/useEditorShortcuts';
import { useUndoManager } from './commands/useUndoManager';
import { type LiveDiagnostics, useGraphDiagnostics } from './diagnostics/useGraphDiagnostics';
import { EditorSidePanel } from './EditorSidePanel';
import { NodePalette } from './palette/NodePalette';
import { RunButton, type RunFailure } from './RunButton';
import { useLatestRun } from './useLatestRun';
import type { WorkflowSnapshot } from './useWorkflowSnapshot';
import { WorkflowNameInput } from './WorkflowNameInput';

interface WorkflowEditorProps {
  workspaceId: string;
  workflowId: string;
  workflow: SyncedDocument;
  index: SyncedDocument | null;
  snapshot: WorkflowSnapshot;
  sync: SyncState;
}

const SAVE_WAIT_MS = 5000;

/** Why Run is unavailable right now, in words, or null when it can run. */
export function blockedReason(d: LiveDiagnostics, sync: SyncState): string | null {
  if (sync.readOnly) return 'You have view-only access to this workflow.';
  if (d.pending) return 'Checking the workflow…';
  if (d.cycleEdges.length > 0) return 'The graph has a cycle — remove one of the red connections to run.';
  if (d.unknownReferences.length > 0) return 'A prompt refers to something no upstream node provides.';
  if (d.nodeIssues.length > 0) return `A node’s settings need fixing: ${d.nodeIssues[0]?.message}`;
  if (!d.graph.nodes.some((n) => n.type !== 'note')) return 'Add an agent to run this workflow.';
  if (!sync.connected) return 'Runs need a connection to the server.';
  return null;
}

export function WorkflowEditor(props: WorkflowEditorProps) {
  const { workspaceId, workflowId, workflow, index, snapshot, sync } = props;
  const { doc } = workflow;
  const readOnly = sync.readOnly;
  const diagnostics = useGraphDiagnostics(snapshot.graph);
  const undo = useUndoManager(doc);
  const presence = usePresence(workflow.provider.awareness);
  const commands = useEditorCommands(doc, diagnostics, undo, readOnly);
  const { run, runLoading, runError } = useLatestRun(workspaceId, snapshot.meta.lastRunId);
  const [runFailure, setRunFailure] = useState<RunFailure | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  // One drawer at a time over the canvas: opening one closes the other.
  const [triggersOpen, setTriggersOpen] = useState(false);
  const toggleTriggers = useCallback(() => {
    setTriggersOpen((open) => !open);
    setVersionsOpen(false);
  }, []);
  const selection = useAtomValue(selectionAtom);
  const { graph } = diagnostics;
  const selectedNode =
    selection.nodes.length === 1 ? (graph.nodes.find((n) => n.id === selection.nodes[0]) ?? null) : null;
  const hasNodes = graph.nodes.length > 0;
  const runStale = useMemo(() => (run ? runIsStale(run.graph, graph) : false), [run, graph]);
  const runInputs = useMemo(() => declaredRunInputs(graph), [graph]);
  const userId = useSession()?.session?.user.id ?? 'anonymous';

  const shortcutCommands = useMemo(() => ({ ...commands, toggleTriggers }), [commands, toggleTriggers]);
  useEditorShortcuts(shortcutCommands, true);
  useClipboardEvents(commands, true);
  useIndexTouch(doc, index, workflowId, !readOnly && sync.everSynced);

  const beforeRun = useCallback(() => whenSaved(workflow, SAVE_WAIT_MS), [workflow]);

  return (
    <div className="app-shell">
      <AppHeader
        actions={
          <>
            <PresenceAvatars presence={presence} />
            <EditorToolbar commands={commands} undo={undo} readOnly={readOnly} />
            <VersionsButton
              open={versionsOpen}
              onToggle={() => {
                setVersionsOpen((open) => !open);
                setTriggersOpen(false);
              }}
            />
            <TriggersButton open={triggersOpen} onToggle={toggleTriggers} />
            <ExportCodeMenu doc={doc} workspaceId={workspaceId} workflowId={workflowId} />
            <RunButton
              workspaceId={workspaceId}
              workflowId={workflowId}
              variables={runInputs}
              userId={userId}
              blockedReason={blockedReason(diagnostics, sync)}
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
          name={snapshot.meta.name}
          readOnly={readOnly}
        />
      </AppHeader>

      <main className="editor">
        <NodePalette onAdd={(item) => commands.addFromPalette(item)} disabled={readOnly} />
        <section className="editor__canvas" aria-label="Workflow canvas">
          <CanvasBanners
            diagnostics={diagnostics}
            syncError={sync.error}
            runFailure={runFailure}
            onDismissRunFailure={() => setRunFailure(null)}
            commands={commands}
            readOnly={readOnly}
          />
          <WorkflowCanvas
            doc={doc}
            diagnostics={diagnostics}
            runNodes={run?.nodes ?? null}
            runStale={runStale}
            readOnly={readOnly}
            presence={presence}
            startUndoStep={undo.startStep}
            onDropItem={commands.addFromPalette}
          />
          {!hasNodes && (
            <div className="editor__empty" data-testid="canvas-empty">
              <h2>Start with an agent</h2>
              <p>
                Drag a node from the palette, or click one to add it here. Then drag from a node’s right-hand
                dot to another node to pass its output along.
              </p>
            </div>
          )}
          {versionsOpen && (
            <VersionsPanel
              workspaceId={workspaceId}
              workflowId={workflowId}
              doc={doc}
              graph={snapshot.graph}
              lastRunId={snapshot.meta.lastRunId}
              readOnly={readOnly}
              connected={sync.connected}
              undo={undo}
              beforeSave={beforeRun}
              onClose={() => setVersionsOpen(false)}
            />
          )}
          {triggersOpen && (
            <TriggersPanel
              workspaceId={workspaceId}
              workflowId={workflowId}
              variables={runInputs}
              readOnly={readOnly}
              onClose={() => setTriggersOpen(false)}
            />
          )}
        </section>

        <EditorSidePanel
          doc={doc}
          selectedNode={selectedNode}
          selectedCount={selection.nodes.length}
          graph={graph}
          unknownReferences={diagnostics.unknownReferences}
          hasNodes={hasNodes}
          readOnly={readOnly}
          lastRunId={snapshot.meta.lastRunId}
          run={run}
          runLoading={runLoading}
          runError={runError}
        />
      </main>
      <ShortcutHelpDialog />
    </div>
  );
}
