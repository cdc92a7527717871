import type { Edge } from '@xyflow/react';
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { READABLE_FIT_VIEW } from '../editor/canvas/readableFitView';
import { DiffNode } from './DiffNode';
import type { DiffFlowNode } from './toDiffElements';

const nodeTypes = { diff: DiffNode };

interface VersionDiffCanvasProps {
  nodes: DiffFlowNode[];
  edges: Edge[];
  /** Changes when what is compared changes, so the view fits the new graph. */
  viewKey: string;
  caption: string;
}

/**
 * A read-only canvas over the editor's: a version as it was, or a comparison of two states. It has its
 * own React Flow store, so it never touches the live canvas's selection, viewport or document.
 */
export function VersionDiffCanvas({ nodes, edges, viewKey, caption }: VersionDiffCanvasProps) {
  return (
    <section className="versions-canvas" data-testid="version-diff-canvas" aria-label={caption}>
      <div className="versions-canvas__caption" data-testid="version-diff-caption">
        {caption}
      </div>
      <div className="versions-canvas__flow">
        <ReactFlowProvider key={viewKey}>
          <ReactFlow<DiffFlowNode, Edge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            deleteKeyCode={null}
            colorMode="system"
            fitView
            fitViewOptions={READABLE_FIT_VIEW}
            minZoom={0.1}
            maxZoom={2}
          >
            <Background variant={BackgroundVariant.Dots} gap={[20, 20]} size={1.2} />
            <Controls showInteractive={false} fitViewOptions={READABLE_FIT_VIEW} aria-label="Zoom controls" />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
    </section>
  );
}
