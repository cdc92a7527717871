import { type RunSnapshot, routerDataOf, runDocName, topoSort } from '@synapse/schema';
import { useEffect, useState } from 'react';
import { useDocument } from '../hooks/useDocument';
import { useRunSnapshot } from '../hooks/useRunSnapshot';
import { useRoute } from '../routing/useRoute';
import { countNodeStatuses } from './countNodeStatuses';
import { RunHeader } from './RunHeader';
import { RunHistoryPicker } from './RunHistoryPicker';
import { RunNodeCard } from './RunNodeCard';
import { RunParentLink } from './RunParentLink';

interface RunOutputPanelProps {
  /** The latest run of the workflow (followed live). */
  run: RunSnapshot | null;
  /** The run document is still opening (or has not received its first state yet). */
  loading: boolean;
  error: string | null;
  readOnly?: boolean;
}

/**
 * The shared live view of a run: everyone watching reads the same run document, so a late joiner sees
 * the full state and then the stream. It follows the latest run unless an older one is picked.
 */
export function RunOutputPanel({ run, loading, error, readOnly = false }: RunOutputPanelProps) {
  const route = useRoute();
  const [viewedRunId, setViewedRunId] = useState<string | null>(null);
  const latestRunId = run?.meta.runId ?? null;
  // A new run is what everyone came to watch: it takes over from an older run being looked at.
  useEffect(() => {
    if (latestRunId) setViewedRunId(null);
  }, [latestRunId]);
  const workspaceId = route.name === 'editor' ? route.workspaceId : null;
  const workflowId = route.name === 'editor' ? route.workflowId : null;
  // Links to other runs (a nested run, the run that called this one), approvals and cancel work from any
  // workspace page: a nested run is watched in the run view, never in its workflow's editor.
  const linkWorkspaceId = 'workspaceId' in route ? route.workspaceId : null;
  const viewingOlder = viewedRunId !== null && viewedRunId !== run?.meta.runId;
  const older = useDocument(viewingOlder && workspaceId ? runDocName(workspaceId, viewedRunId) : null, true);
  const olderRun = useRunSnapshot(older.state === 'ready' ? older.synced.doc : null);
  const shown = viewingOlder ? olderRun : run;

  const picker = workspaceId && workflowId && (
    <RunHistoryPicker
      workspaceId={workspaceId}
      workflowId={workflowId}
      latestRunId={latestRunId}
      latestStatus={run?.meta.status ?? null}
      viewedRunId={viewedRunId}
      onView={setViewedRunId}
    />
  );

  if (!shown) {
    const message = viewingOlder
      ? older.state === 'error'
        ? older.message
        : 'Opening the run…'
      : (error ?? (loading ? 'Opening the run…' : 'Waiting for the runner…'));
    return (
      <section className="panel run-panel" aria-label="Run output">
        <header className="panel__header">
          <h2 className="panel__title">Run</h2>
        </header>
        {picker}
        <p className="panel__empty">{message}</p>
      </section>
    );
  }

  const { graph, nodes } = shown;
  const sorted = topoSort(graph);
  const order = (sorted.ok ? sorted.order : graph.nodes.map((n) => n.id)).filter((id) => nodes[id]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const branchLabel = (nodeId: string, branch: string | undefined) => {
    const node = byId.get(nodeId);
    if (!branch || node?.type !== 'router') return undefined;
    return routerDataOf(node).branches.find((b) => b.id === branch)?.label;
  };

  return (
    <section className="panel run-panel" aria-label="Run output" data-testid="run-panel">
      <RunHeader
        run={shown}
        workspaceId={linkWorkspaceId ?? 'default'}
        nodeCount={order.length}
        counts={countNodeStatuses(nodes, order)}
        failedLabels={order
          .filter((id) => nodes[id]?.status === 'failed')
          .map((id) => byId.get(id)?.data.label || id)}
        readOnly={readOnly}
      />
      {picker}
      {shown.meta.parentRunId && linkWorkspaceId && (
        <RunParentLink
          workspaceId={linkWorkspaceId}
          parentRunId={shown.meta.parentRunId}
          parentNodeId={shown.meta.parentNodeId}
        />
      )}
      {viewingOlder && (
        <p className="run-panel__older" data-testid="run-older-notice">
          This is an earlier run.
          <button
            type="button"
            className="button button--ghost run-panel__latest"
            onClick={() => setViewedRunId(null)}
            data-testid="run-show-latest"
          >
            Back to latest
          </button>
        </p>
      )}
      <ol className="run-nodes">
        {order.map((nodeId) => {
          const state = nodes[nodeId];
          if (!state) return null;
          return (
            <RunNodeCard
              key={nodeId}
              nodeId={nodeId}
              label={byId.get(nodeId)?.data.label || nodeId}
              state={state}
              branchLabel={branchLabel(nodeId, state.branch)}
              {...(linkWorkspaceId ? { workspaceId: linkWorkspaceId } : {})}
              {...(linkWorkspaceId
                ? {
                    approval: {
                      workspaceId: linkWorkspaceId,
                      runId: shown.meta.runId,
                      nodeKey: String(byId.get(nodeId)?.data.key || nodeId),
                      readOnly,
                    },
                  }
                : {})}
            />
          );
        })}
      </ol>
    </section>
  );
}
