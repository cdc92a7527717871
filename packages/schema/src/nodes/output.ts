import { z } from 'zod';
import { readString } from '../readUntrusted';
import type { NodeDefinition } from './NodeDefinition';

export interface OutputNodeData {
  label: string;
}

/** Collects the joined outputs of its connected nodes: the run's result. */
export const outputNode: NodeDefinition<OutputNodeData> = {
  type: 'output',
  title: 'Output',
  executable: true,
  fields: {},
  defaults: () => ({}),
  normalize() {},
  read: (node) => ({ label: readString(node.data.label, outputNode.title) }),
  config: z.object({ label: z.string() }),
  templateFields: [],
  exposes: ['output'],
  sourceHandles: () => [],
  targetHandles: ['in'],
};
