import { BaseEdge, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';

// Clears the top of a node whose handle sits at its vertical middle.
const LOOP_ABOVE = 72;

/**
 * A step edge that stays visible when it points backwards (target left of source): it is routed
 * above both nodes instead of straight through them, which matters because backwards edges are
 * exactly the ones that close cycles.
 */
function WorkflowEdgeView(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style } = props;
  const backwards = targetX < sourceX;
  const [path] = getSmoothStepPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
    borderRadius: 10,
    offset: 24,
    ...(backwards ? { centerY: Math.min(sourceY, targetY) - LOOP_ABOVE } : {}),
  });
  return <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={22} />;
}

export const WorkflowEdge = memo(WorkflowEdgeView);
