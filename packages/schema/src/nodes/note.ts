import { z } from 'zod';
import { readString } from '../readUntrusted';
import type { NodeDefinition } from './NodeDefinition';

export interface NoteNodeData {
  label: string;
  text: string;
}

/** An annotation for people: never executed, never connected. Unknown types read as notes too. */
export const noteNode: NodeDefinition<NoteNodeData> = {
  type: 'note',
  title: 'Note',
  executable: false,
  fields: { text: 'string' },
  defaults: () => ({ text: '' }),
  normalize(data) {
    data.text = readString(data.text, '');
  },
  read: (node) => ({
    label: readString(node.data.label, noteNode.title),
    text: readString(node.data.text, ''),
  }),
  config: z.object({ label: z.string(), text: z.string() }),
  templateFields: [],
  exposes: [],
  sourceHandles: () => [],
  targetHandles: [],
};
