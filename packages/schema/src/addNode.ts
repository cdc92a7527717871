import * as Y from 'yjs';
import { newNodeKey, takenNodeKeys } from './assignNodeKeys';
import { isValidId, newId } from './docNames';
import type { NodeType, Position } from './graphTypes';
import {
  DATA_FIELD_TYPES,
  defaultNodeData,
  isExecutableNodeType,
  isNodeType,
  TEXT_FIELDS,
} from './nodeDefaults';
import type { TxOrigin } from './origins';
import { toPlainValue } from './readUntrusted';
import { workflowMaps } from './workflowDoc';

export interface NewNode {
  id?: string;
  type: NodeType;
  position: Position;
  data?: Record<string, unknown>;
}

export function assertPosition(what: string, position: Position): void {
  if (!Number.isFinite(position?.x) || !Number.isFinite(position?.y)) {
    throw new TypeError(`${what}: position must have finite x and y`);
  }
}

/** A data value as stored: known fields keep their type, numbers are finite, undefined/null mean "not set". */
export function storableValue(field: string, value: unknown): unknown {
  if (field === '__proto__') throw new RangeError('node data may not use the key __proto__');
  if (value === undefined || value === null) return undefined;
  const expected = Object.hasOwn(DATA_FIELD_TYPES, field) ? DATA_FIELD_TYPES[field] : undefined;
  if (expected === 'array' ? !Array.isArray(value) : expected && typeof value !== expected)
    throw new TypeError(`node data ${field} must be a${expected === 'array' ? 'n' : ''} ${expected}`);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError(`node data ${field} must be finite`);
  return toPlainValue(value);
}

/**
 * Creates a node with per-type defaults (agent: label 'Agent', provider/model defaults, empty system
 * prompt, user prompt `{{input}}`) and returns its id. Only ever `set`s a new key: an existing id is a
 * programmer error, because re-setting a node would resurrect a concurrent delete.
 */
export function addNode(doc: Y.Doc, node: NewNode, origin: TxOrigin): string {
  if (!isNodeType(node.type)) throw new RangeError(`addNode: unknown node type ${JSON.stringify(node.type)}`);
  const id = node.id ?? newId();
  if (!isValidId(id)) throw new RangeError(`addNode: invalid node id ${JSON.stringify(id)}`);
  assertPosition('addNode', node.position);
  const fields = new Map<string, unknown>(Object.entries(defaultNodeData(node.type)));
  for (const [field, value] of Object.entries(node.data ?? {})) {
    const stored = storableValue(field, value);
    if (stored !== undefined) fields.set(field, stored);
  }
  doc.transact(() => {
    const { nodes } = workflowMaps(doc);
    if (nodes.has(id)) throw new Error(`addNode: node ${id} already exists`);
    // Every executable node gets a readable key, unique in the workflow (a pasted or imported one that
    // is taken gets a suffix), so templates can say {{nodes.<key>.output}}.
    if (isExecutableNodeType(node.type)) {
      const label = typeof fields.get('label') === 'string' ? (fields.get('label') as string) : '';
      fields.set('key', newNodeKey(node.type, fields.get('key'), label, takenNodeKeys(nodes), id));
    }
    const map = new Y.Map<unknown>();
    nodes.set(id, map);
    map.set('type', node.type);
    map.set('position', { x: node.position.x, y: node.position.y });
    const data = new Y.Map<unknown>();
    map.set('data', data);
    for (const [field, value] of fields) {
      data.set(field, TEXT_FIELDS.includes(field) ? new Y.Text(value as string) : value);
    }
  }, origin);
  return id;
}
