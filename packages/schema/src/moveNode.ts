import * as Y from 'yjs';
import { assertPosition } from './addNode';
import type { Position } from './graphTypes';
import type { TxOrigin } from './origins';
import { workflowMaps } from './workflowDoc';

/**
 * Sets the node's position as one plain `{x,y}` value, on drag end only: the live drag goes through
 * awareness, so the document holds one tombstone per move rather than one per frame.
 * A node that is gone (deleted concurrently) is left alone rather than recreated.
 */
export function moveNode(doc: Y.Doc, id: string, position: Position, origin: TxOrigin): void {
  assertPosition('moveNode', position);
  doc.transact(() => {
    const node = workflowMaps(doc).nodes.get(id);
    if (node instanceof Y.Map) node.set('position', { x: position.x, y: position.y });
  }, origin);
}
