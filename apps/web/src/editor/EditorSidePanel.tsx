import type { GraphNode, RunSnapshot, UnknownReference, WorkflowGraph } from '@synapse/schema';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { NodeStatusBadge } from '../run/NodeStatusBadge';
import { RunOutputPanel } from '../run/RunOutputPanel';
import { NodeInspector } from './inspector/NodeInspector';

interface EditorSidePanelProps {
  doc: Y.Doc;
  selectedNode: GraphNode | null;
  selectedCount: number;
  graph: WorkflowGraph;
  unknownReferences: readonly UnknownReference[];
  hasNodes: boolean;
  readOnly: boolean;
  lastRunId: string | null;
  run: RunSnapshot | null;
  runLoading: boolean;
  runError: string | null;
}

type Tab = 'node' | 'run';

/**
 * Node settings and the live run share the side panel as two tabs. Both stay mounted, so switching
 * keeps the caret and scroll position; a new run or a new selection brings its tab forward.
 */
export function EditorSidePanel(props: EditorSidePanelProps) {
  const { doc, selectedNode, selectedCount, graph, unknownReferences, hasNodes, readOnly } = props;
  const { lastRunId, run, runLoading, runError } = props;
  const [tab, setTab] = useState<Tab>(() => (lastRunId && !selectedNode ? 'run' : 'node'));
  const selectedId = selectedNode?.id ?? null;
  const seenRunId = useRef(lastRunId);

  useEffect(() => {
    if (selectedId) setTab('node');
  }, [selectedId]);

  useEffect(() => {
    if (lastRunId && lastRunId !== seenRunId.current) setTab('run');
    seenRunId.current = lastRunId;
  }, [lastRunId]);

  return (
    <aside className="editor__side" aria-label="Details">
      <div className="side-tabs" role="tablist" aria-label="Side panel">
        <button
          type="button"
          role="tab"
          id="tab-node"
          aria-controls="panel-node"
          aria-selected={tab === 'node'}
          className="side-tabs__tab"
          onClick={() => setTab('node')}
        >
          Node
        </button>
        <button
          type="button"
          role="tab"
          id="tab-run"
          aria-controls="panel-run"
          aria-selected={tab === 'run'}
          className="side-tabs__tab"
          onClick={() => setTab('run')}
          data-testid="run-tab"
        >
          Run
          {run && <NodeStatusBadge status={run.meta.status} />}
        </button>
      </div>

      <div
        role="tabpanel"
        id="panel-node"
        aria-labelledby="tab-node"
        hidden={tab !== 'node'}
        className="side-panel"
      >
        {selectedNode ? (
          <NodeInspector
            key={selectedNode.id}
            doc={doc}
            node={selectedNode}
            graph={graph}
            problems={unknownReferences.filter((p) => p.nodeId === selectedNode.id)}
            readOnly={readOnly}
          />
        ) : (
          <section className="panel panel--hint">
            {selectedCount > 1 ? (
              <p>
                {selectedCount} nodes selected. Drag to move them together, or copy, duplicate or delete them.
              </p>
            ) : hasNodes ? (
              <p>
                Select a node to edit its name and prompts. Everyone with this workflow open sees edits live.
              </p>
            ) : (
              <p>Nothing here yet. Add a node from the palette, then select it to configure it.</p>
            )}
          </section>
        )}
      </div>

      <div
        role="tabpanel"
        id="panel-run"
        aria-labelledby="tab-run"
        hidden={tab !== 'run'}
        className="side-panel"
      >
        {lastRunId ? (
          <RunOutputPanel run={run} loading={runLoading} error={runError} readOnly={readOnly} />
        ) : (
          <section className="panel panel--hint">
            <p>
              No runs yet. <strong>Run</strong> executes the graph on the server; everyone with this workflow
              open watches each node stream its output here.
            </p>
          </section>
        )}
      </div>
    </aside>
  );
}
