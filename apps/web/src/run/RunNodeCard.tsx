import type { NodeRunState } from '@synapse/schema';
import { ApprovalPanel } from './ApprovalPanel';
import { formatCost, formatDuration } from './formatRunNumbers';
import { NodeStatusBadge } from './NodeStatusBadge';
import { RunChildRun } from './RunChildRun';
import { RunMapItems } from './RunMapItems';
import { RunNodeOutput } from './RunNodeOutput';
import { RunToolCalls } from './RunToolCalls';

interface RunNodeCardProps {
  nodeId: string;
  label: string;
  state: NodeRunState;
  /** Label of the branch a router took. */
  branchLabel?: string;
  /** Where a Human approval node's request is decided (absent: shown read-only). */
  approval?: { workspaceId: string; runId: string; nodeKey: string; readOnly: boolean };
  /** The workspace a Sub-workflow node's nested run is opened in (absent: it is not shown). */
  workspaceId?: string;
}

/** One node of a run: streamed output first, then what went in, timings, usage and every attempt. */
export function RunNodeCard({ nodeId, label, state, branchLabel, approval, workspaceId }: RunNodeCardProps) {
  const duration = state.startedAt && state.finishedAt ? state.finishedAt - state.startedAt : null;
  const attempts = state.attempts ?? [];
  const stoppedEarly = (state.status === 'cancelled' || state.status === 'failed') && state.output.length > 0;
  const hasUsage =
    Boolean(state.model) || duration !== null || Boolean(state.usage) || state.cost !== undefined;
  return (
    <li className={`run-node run-node--${state.status}`} data-testid={`run-node-${nodeId}`}>
      <div className="run-node__head">
        <span className="run-node__label" title={label}>
          {label}
        </span>
        <span className="run-node__badges">
          {state.restarted && (
            <span className="tag tag--warn" title="Its runner stopped mid-node; it ran again from scratch">
              restarted
            </span>
          )}
          {state.attempt > 1 && (
            <span className="tag" data-testid={`node-attempt-${nodeId}`} title="Attempts so far">
              attempt {state.attempt}
            </span>
          )}
          {stoppedEarly && (
            <span
              className="tag"
              title="The node stopped before it finished; this is what it wrote until then"
            >
              partial
            </span>
          )}
          <NodeStatusBadge status={state.status} testId={`run-node-status-${nodeId}`} />
        </span>
      </div>
      {state.branch && (
        <p className="run-node__branch">
          Took branch <strong>{branchLabel ?? state.branch}</strong>
        </p>
      )}
      {state.approval && (
        <ApprovalPanel
          nodeId={nodeId}
          nodeKey={approval?.nodeKey ?? nodeId}
          workspaceId={approval?.workspaceId ?? ''}
          runId={approval?.runId ?? ''}
          request={state.approval}
          readOnly={approval?.readOnly ?? true}
        />
      )}
      {state.childRunId && workspaceId && (
        <RunChildRun nodeId={nodeId} workspaceId={workspaceId} childRunId={state.childRunId} />
      )}
      {state.items && <RunMapItems nodeId={nodeId} items={state.items} />}
      <RunNodeOutput nodeId={nodeId} output={state.output} streaming={state.status === 'running'} />
      {state.error && (
        <p className="run-node__error">
          {state.error}
          {state.errorCode && <code className="run-node__code">{state.errorCode}</code>}
        </p>
      )}
      {hasUsage && (
        <p className="run-node__usage">
          {state.model && (
            <span>
              {state.provider}/{state.model}
            </span>
          )}
          {duration !== null && <span>{formatDuration(duration)}</span>}
          {state.usage && (
            <span>
              {state.usage.inputTokens} in / {state.usage.outputTokens} out
            </span>
          )}
          {state.cost !== undefined && <span>{formatCost(state.cost)}</span>}
        </p>
      )}
      <RunToolCalls
        nodeId={nodeId}
        calls={state.toolCalls ?? []}
        memoryReads={state.memoryReads ?? []}
        memoryWritten={state.memoryWritten}
      />
      {(state.input !== undefined || attempts.length > 0) && (
        <details className="run-node__details">
          <summary>Input and attempts</summary>
          {state.input !== undefined && (
            <>
              <h4>Resolved input</h4>
              <pre className="run-node__input" data-testid={`node-input-${nodeId}`}>
                {state.input}
              </pre>
            </>
          )}
          {attempts.length > 0 && (
            <>
              <h4>Attempts</h4>
              <ol className="run-node__attempts" data-testid={`node-attempts-${nodeId}`}>
                {attempts.map((a) => (
                  <li key={`${a.attempt}-${a.startedAt}`}>
                    #{a.attempt} {a.provider}/{a.model}
                    {a.finishedAt !== undefined && ` · ${formatDuration(a.finishedAt - a.startedAt)}`}
                    {a.error ? ` · ${a.error}` : a.finishedAt !== undefined ? ' · ok' : ' · running'}
                  </li>
                ))}
              </ol>
            </>
          )}
        </details>
      )}
    </li>
  );
}
