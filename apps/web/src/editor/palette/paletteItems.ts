import { AGENT_PRESETS, type NewNode, type NodeType, type Position } from '@synapse/schema';

export interface PaletteItem {
  /** Stable key, also what a drag carries: `agent:writer`, `router`, … */
  key: string;
  type: NodeType;
  label: string;
  description: string;
  preset?: string;
}

export const PALETTE_DRAG_TYPE = 'application/x-synapse-palette-item';

const BASICS: PaletteItem[] = [
  { key: 'input', type: 'input', label: 'Input', description: 'Named inputs a run starts with' },
  {
    key: 'router',
    type: 'router',
    label: 'Router',
    description: 'Picks a branch by rule or by asking a model',
  },
  {
    key: 'map',
    type: 'map',
    label: 'Map',
    description: 'Runs one agent per item of a list, a few at a time',
  },
  {
    key: 'http',
    type: 'http',
    label: 'HTTP request',
    description: 'Calls an API; its status, headers and body feed later nodes',
  },
  {
    key: 'subworkflow',
    type: 'subworkflow',
    label: 'Sub-workflow',
    description: 'Runs another workflow of this workspace and passes on its result',
  },
  {
    key: 'approval',
    type: 'approval',
    label: 'Human approval',
    description: 'Pauses the run until an editor approves, edits or rejects',
  },
  { key: 'output', type: 'output', label: 'Output', description: 'Collects the final result' },
  { key: 'note', type: 'note', label: 'Note', description: 'A sticky note; never runs' },
];

const AGENTS: PaletteItem[] = AGENT_PRESETS.map((preset) => ({
  key: `agent:${preset.id}`,
  type: 'agent',
  label: preset.label,
  description: preset.description,
  preset: preset.id,
}));

export const PALETTE_GROUPS: readonly { title: string; items: readonly PaletteItem[] }[] = [
  { title: 'Flow', items: BASICS.filter((i) => i.type !== 'note' && i.type !== 'output') },
  { title: 'Agents', items: AGENTS },
  { title: 'Finish', items: BASICS.filter((i) => i.type === 'output' || i.type === 'note') },
];

export function paletteItem(key: string): PaletteItem | undefined {
  for (const group of PALETTE_GROUPS) {
    const found = group.items.find((item) => item.key === key);
    if (found) return found;
  }
  return undefined;
}

/**
 * What a screen reader announces for an item: "Add Writer agent: …", but "Add Custom agent: …" for a
 * preset whose label already says "agent" (not "Add Custom agent agent").
 */
export function paletteItemAccessibleName(item: PaletteItem): string {
  const kind = item.type === 'agent' && !/\bagent$/i.test(item.label.trim()) ? ' agent' : '';
  return `Add ${item.label}${kind}: ${item.description}`;
}

/** The node a palette item creates: an agent gets its preset's name and system prompt. */
export function newNodeFromPalette(item: PaletteItem, position: Position): NewNode {
  if (item.type === 'agent') {
    const preset = AGENT_PRESETS.find((p) => p.id === item.preset);
    return {
      type: 'agent',
      position,
      data: {
        label: preset && preset.id !== 'custom' ? preset.label : 'Agent',
        preset: preset?.id ?? 'custom',
        systemPrompt: preset?.systemPrompt ?? '',
      },
    };
  }
  if (item.type === 'input') {
    return {
      type: 'input',
      position,
      data: { variables: [{ name: 'topic', type: 'string', default: '' }] },
    };
  }
  return { type: item.type, position };
}
