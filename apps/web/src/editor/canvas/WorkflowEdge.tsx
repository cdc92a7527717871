import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';

// Clears the top of a node whose handle sits at its vertical middle.
const LOOP_ABOVE = 72;

/**
 * A step edge that stays visible when it points backwards (target left of source): it is routed
 * above both nodes instead of straight through them, which matters because backwards edges are
 * exactly the ones that close cycles. Cycle edges say so on the canvas.
 */
function WorkflowEdgeView(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, data } =
    props;
  const backwards = targetX < sourceX;
  const [path, labelX, labelY] = getSmoothStepPath({
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
  const inCycle = data?.inCycle === true;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={22} />
      {inCycle && (
        <EdgeLabelRenderer>
          <div
            className="wf-edge-label wf-edge-label--cycle nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title="This connection is part of a cycle. Run is disabled until one connection of the cycle is removed."
            data-testid="cycle-edge-label"
          >
            cycle
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const WorkflowEdge = memo(WorkflowEdgeView);
