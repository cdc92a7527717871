import type { MemoryReadRecord, ToolCallRecord } from '@synapse/schema';
import { formatDuration } from './formatRunNumbers';
import { NodeStatusBadge } from './NodeStatusBadge';

interface RunToolCallsProps {
  nodeId: string;
  calls: readonly ToolCallRecord[];
  memoryReads: readonly MemoryReadRecord[];
  memoryWritten?: string;
}

/** A node's tool calls and memory use as they happen: every watcher reads them from the run document. */
export function RunToolCalls({ nodeId, calls, memoryReads, memoryWritten }: RunToolCallsProps) {
  if (calls.length === 0 && memoryReads.length === 0 && !memoryWritten) return null;
  return (
    <div className="run-node__tools" data-testid={`node-tools-${nodeId}`}>
      {calls.length > 0 && (
        <ol className="run-tool-calls" aria-label="Tool calls">
          {calls.map((call) => (
            <li key={call.id} className="run-tool-call">
              <details>
                <summary>
                  <code>{call.name}</code>
                  <NodeStatusBadge status={call.status === 'running' ? 'running' : call.status} />
                  {call.durationMs !== undefined && (
                    <span className="run-tool-call__time">{formatDuration(call.durationMs)}</span>
                  )}
                </summary>
                <h4>Arguments</h4>
                <pre className="run-node__input">{call.arguments}</pre>
                {call.result !== undefined && (
                  <>
                    <h4>{call.status === 'failed' ? 'Error' : 'Result'}</h4>
                    <pre className="run-node__input">{call.result}</pre>
                  </>
                )}
              </details>
            </li>
          ))}
        </ol>
      )}
      {(memoryReads.length > 0 || memoryWritten) && (
        <p className="run-node__memory">
          {memoryReads.length > 0 && (
            <span>
              Read {memoryReads.length} memory entr{memoryReads.length === 1 ? 'y' : 'ies'}
            </span>
          )}
          {memoryWritten && <span>Saved its output to memory</span>}
        </p>
      )}
    </div>
  );
}
