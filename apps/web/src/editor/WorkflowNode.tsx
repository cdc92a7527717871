import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { NodeStatusBadge } from '../run/NodeStatusBadge';
import type { WorkflowFlowNode } from './toFlowElements';

const KIND_LABEL = { agent: 'Agent', input: 'Input', output: 'Output', note: 'Note' } as const;

function WorkflowNodeView({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  const { nodeType, runStatus } = data;
  const hasTarget = nodeType === 'agent' || nodeType === 'output';
  const hasSource = nodeType === 'agent' || nodeType === 'input';
  const classes = [
    'wf-node',
    `wf-node--${nodeType}`,
    runStatus ? `wf-node--run-${runStatus}` : '',
    selected ? 'is-selected' : '',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`node-${id}`}>
      {hasTarget && <Handle type="target" position={Position.Left} id="in" className="wf-handle" />}
      <div className="wf-node__top">
        <span className="wf-node__kind">{KIND_LABEL[nodeType]}</span>
        {runStatus && <NodeStatusBadge status={runStatus} testId={`node-status-${id}`} />}
      </div>
      <div className="wf-node__label" data-testid={`node-label-${id}`}>
        {data.label || 'Untitled'}
      </div>
      {nodeType === 'agent' && (
        <div className="wf-node__meta">
          {data.provider ?? 'local'} · {data.model ?? 'default'}
        </div>
      )}
      {hasSource && <Handle type="source" position={Position.Right} id="out" className="wf-handle" />}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
