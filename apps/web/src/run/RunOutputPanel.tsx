import { type RunSnapshot, topoSort } from '@synapse/schema';
import { useNow } from '../hooks/useNow';
import { NodeStatusBadge } from './NodeStatusBadge';

interface RunOutputPanelProps {
  run: RunSnapshot | null;
  /** The run document is still opening (or has not received its first state yet). */
  loading: boolean;
  error: string | null;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** The shared live view of the latest run: every collaborator watches the same document. */
export function RunOutputPanel({ run, loading, error }: RunOutputPanelProps) {
  const running = run?.meta.status === 'running' || run?.meta.status === 'queued';
  const now = useNow(running);

  if (!run) {
    return (
      <section className="panel run-panel" aria-label="Run output">
        <header className="panel__header">
          <h2 className="panel__title">Run</h2>
        </header>
        <p className="panel__empty">{error ?? (loading ? 'Opening the run…' : 'Waiting for the runner…')}</p>
      </section>
    );
  }

  const { meta, graph, nodes } = run;
  const sorted = topoSort(graph);
  const order = sorted.ok ? sorted.order : graph.nodes.map((n) => n.id);
  const labels = new Map(graph.nodes.map((n) => [n.id, n.data.label]));
  const elapsed = meta.startedAt ? (meta.finishedAt ?? now) - meta.startedAt : null;
  const tokens = meta.totals.inputTokens + meta.totals.outputTokens;

  return (
    <section className="panel run-panel" aria-label="Run output" data-testid="run-panel">
      <header className="panel__header">
        <h2 className="panel__title">
          Run <code className="run-panel__id">{meta.runId.slice(0, 8)}</code>
        </h2>
        <span className={`status-badge status-badge--${meta.status}`} data-testid="run-status">
          {meta.status}
        </span>
      </header>
      <p className="run-panel__stats">
        {elapsed !== null && <span>{formatDuration(Math.max(0, elapsed))}</span>}
        <span>
          {meta.totals.nodesSucceeded}/{order.length} nodes
        </span>
        {tokens > 0 && <span>{tokens.toLocaleString()} tokens</span>}
      </p>
      {meta.error && <p className="run-panel__error">{meta.error}</p>}
      <ol className="run-nodes">
        {order.map((nodeId) => {
          const state = nodes[nodeId];
          if (!state) return null;
          return (
            <li key={nodeId} className={`run-node run-node--${state.status}`}>
              <div className="run-node__head">
                <span className="run-node__label">{labels.get(nodeId) || nodeId}</span>
                <NodeStatusBadge status={state.status} />
              </div>
              <pre
                className={`run-node__output${state.output ? '' : ' run-node__output--empty'}`}
                data-testid={`node-output-${nodeId}`}
              >
                {state.output}
                {state.status === 'running' && <span className="caret" aria-hidden="true" />}
              </pre>
              {state.error && <p className="run-node__error">{state.error}</p>}
              {state.usage && (
                <p className="run-node__usage">
                  {state.model ? `${state.model} · ` : ''}
                  {state.usage.inputTokens} in / {state.usage.outputTokens} out
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
