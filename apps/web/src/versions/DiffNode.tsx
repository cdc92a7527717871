import { nodeDefinition } from '@synapse/schema';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { describeField } from './describeField';
import type { DiffFlowNode } from './toDiffElements';

const STATUS_TEXT = { added: 'Added', removed: 'Removed', changed: 'Changed', same: null } as const;

function spread(index: number, count: number): { top: string } {
  return { top: `${((index + 1) / (count + 1)) * 100}%` };
}

/** A node of a version comparison: read-only, coloured by what happened to it, with its changed fields. */
function DiffNodeView({ id, data }: NodeProps<DiffFlowNode>) {
  const { status, nodeType, fields } = data;
  const badge = STATUS_TEXT[status];
  return (
    <div
      className={`wf-node wf-node--${nodeType} diff-node diff-node--${status}`}
      data-testid={`diff-node-${id}`}
      data-status={status}
    >
      {data.targetHandles.map((handle, i) => (
        <Handle
          key={`t-${handle}`}
          type="target"
          position={Position.Left}
          id={handle}
          className="diff-node__handle"
          style={spread(i, data.targetHandles.length)}
          isConnectable={false}
        />
      ))}
      <div className="wf-node__top">
        <span className="wf-node__kind">{nodeDefinition(nodeType).title}</span>
        {badge && <span className={`diff-badge diff-badge--${status}`}>{badge}</span>}
      </div>
      <div className="wf-node__label" data-testid={`diff-node-label-${id}`}>
        {data.label || 'Untitled'}
      </div>
      {(nodeType === 'agent' || nodeType === 'router') && (
        <div className="wf-node__meta">
          {data.provider ?? 'local'} · {data.model ?? 'default'}
        </div>
      )}
      {status === 'changed' && (
        <div className="diff-node__fields" data-testid={`diff-node-fields-${id}`}>
          {fields.map(describeField).join(', ')}
        </div>
      )}
      {data.sourceHandles.map((handle, i) => (
        <Handle
          key={`s-${handle}`}
          type="source"
          position={Position.Right}
          id={handle}
          className="diff-node__handle"
          style={spread(i, data.sourceHandles.length)}
          isConnectable={false}
        />
      ))}
    </div>
  );
}

export const DiffNode = memo(DiffNodeView);
