import { addNode, USER_ORIGIN } from '@synapse/schema';
import { useStoreApi } from '@xyflow/react';
import type * as Y from 'yjs';
import type { WorkflowView } from '../hooks/useWorkflowView';
import { selectedNodeIdAtom, useSetAtom } from '../state/atoms';
import { findFreeSpot } from './findFreeSpot';

// Roughly half the rendered agent card, so the card (not its corner) lands in the middle.
const HALF_NODE = { x: 110, y: 40 };

export function AddAgentButton({
  doc,
  view,
  disabled,
}: {
  doc: Y.Doc;
  view: WorkflowView;
  disabled: boolean;
}) {
  const store = useStoreApi();
  const setSelected = useSetAtom(selectedNodeIdAtom);

  const add = () => {
    const { width, height, transform } = store.getState();
    const [tx, ty, zoom] = transform;
    const centre = {
      x: (width / 2 - tx) / zoom - HALF_NODE.x,
      y: (height / 2 - ty) / zoom - HALF_NODE.y,
    };
    const position = findFreeSpot(
      centre,
      view.graph.nodes.map((n) => n.position),
    );
    const id = addNode(doc, { type: 'agent', position }, USER_ORIGIN);
    setSelected(id);
  };

  return (
    <button type="button" className="button" onClick={add} disabled={disabled} data-testid="add-agent">
      <span aria-hidden="true" className="button__icon">
        +
      </span>
      Add agent
    </button>
  );
}
