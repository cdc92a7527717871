import { agentPreset, nodeDefinition } from '@synapse/schema';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import { NodeStatusBadge } from '../../run/NodeStatusBadge';
import { NodeProblemsBadge } from './NodeProblemsBadge';
import { SubworkflowCallMeta } from './SubworkflowCallMeta';
import type { WorkflowFlowNode } from './toFlowElements';

function kindText(data: WorkflowFlowNode['data']): string {
  if (data.nodeType === 'agent' && data.preset && data.preset !== 'custom') {
    return `Agent · ${agentPreset(data.preset)?.label ?? data.preset}`;
  }
  if (data.nodeType === 'router') return `Router · ${data.routerMode === 'llm' ? 'model picks' : 'rules'}`;
  return nodeDefinition(data.nodeType).title;
}

function WorkflowNodeView({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  const { nodeType, runStatus, runStale, peers, problems } = data;
  const hasTarget = nodeDefinition(nodeType).targetHandles.includes('in');
  const hasSource = data.outHandle;
  const peer = peers[0];
  const classes = [
    'wf-node',
    `wf-node--${nodeType}`,
    // A stale status keeps only its dimmed badge: the card's colours describe the graph as it is now.
    runStatus && !runStale ? `wf-node--run-${runStatus}` : '',
    selected ? 'is-selected' : '',
    peer ? 'has-peer' : '',
    peer?.dragging ? 'is-peer-dragging' : '',
    problems.length > 0 ? 'has-problems' : '',
  ];
  const style = peer ? ({ '--peer-color': peer.color } as CSSProperties) : undefined;
  return (
    <div className={classes.filter(Boolean).join(' ')} style={style} data-testid={`node-${id}`}>
      {peer && (
        <span className="wf-node__peer" data-testid={`node-peer-${id}`}>
          {peer.name}
          {peers.length > 1 ? ` +${peers.length - 1}` : ''}
        </span>
      )}
      {hasTarget && <Handle type="target" position={Position.Left} id="in" className="wf-handle" />}
      <div className="wf-node__top">
        <span className="wf-node__kind">{kindText(data)}</span>
        <span className="wf-node__badges">
          {problems.length > 0 && <NodeProblemsBadge nodeId={id} problems={problems} />}
          {runStatus && runStale ? (
            <span
              className="wf-node__last-run"
              title={`Last run: ${runStatus}. The workflow has changed since that run.`}
              data-testid={`node-last-run-${id}`}
            >
              {/* Read out, not shown: the node's top row has no room beside the kind and the badge. */}
              <span className="visually-hidden">last run: </span>
              <NodeStatusBadge status={runStatus} testId={`node-status-${id}`} />
            </span>
          ) : (
            runStatus && <NodeStatusBadge status={runStatus} testId={`node-status-${id}`} />
          )}
        </span>
      </div>
      <div className="wf-node__label" data-testid={`node-label-${id}`}>
        {data.label || 'Untitled'}
      </div>
      {(nodeType === 'agent' || nodeType === 'map') && (
        <div className="wf-node__meta">
          {data.provider ?? 'local'} · {data.model ?? 'default'}
        </div>
      )}
      {nodeType === 'http' && data.request && (
        <div className="wf-node__meta wf-node__request" title={data.request}>
          {data.request}
        </div>
      )}
      {data.calls && (
        <SubworkflowCallMeta
          nodeId={id}
          workflowId={data.calls.workflowId}
          versionId={data.calls.versionId}
        />
      )}
      {nodeType === 'input' && data.variables.length > 0 && (
        <div className="wf-node__chips">
          {data.variables.map((name) => (
            <code key={name} className="wf-node__chip">
              {name}
            </code>
          ))}
        </div>
      )}
      {nodeType === 'note' && data.text && <p className="wf-node__note">{data.text}</p>}
      {(nodeType === 'router' || nodeType === 'approval') && (
        <ul className="wf-node__branches" aria-label="Branches">
          {data.branches.map((branch) => (
            <li key={branch.id} className="wf-node__branch">
              <span>{branch.label || branch.id}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={branch.id}
                className="wf-handle wf-handle--branch"
                aria-label={`Branch ${branch.label || branch.id}`}
              />
            </li>
          ))}
        </ul>
      )}
      {hasSource && <Handle type="source" position={Position.Right} id="out" className="wf-handle" />}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
