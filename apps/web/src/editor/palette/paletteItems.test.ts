import { AGENT_PRESETS, addNode, readWorkflow, USER_ORIGIN } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newNodeFromPalette, PALETTE_GROUPS, paletteItem, paletteItemAccessibleName } from './paletteItems';

describe('palette items', () => {
  it('offers every node type and every agent preset, with unique keys', () => {
    const items = PALETTE_GROUPS.flatMap((g) => g.items);
    expect(new Set(items.map((i) => i.type))).toEqual(
      new Set(['input', 'agent', 'router', 'map', 'approval', 'http', 'subworkflow', 'output', 'note']),
    );
    expect(items.filter((i) => i.type === 'agent').map((i) => i.preset)).toEqual(
      AGENT_PRESETS.map((p) => p.id),
    );
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });

  it('creates a preset agent with its name, preset id and system prompt', () => {
    const doc = new Y.Doc();
    const item = paletteItem('agent:critic');
    if (!item) throw new Error('critic missing');
    addNode(doc, newNodeFromPalette(item, { x: 10, y: 20 }), USER_ORIGIN);
    const [node] = readWorkflow(doc).nodes;
    expect(node).toMatchObject({
      type: 'agent',
      position: { x: 10, y: 20 },
      data: { label: 'Critic', preset: 'critic', userPrompt: '{{input}}' },
    });
    expect(node?.data.systemPrompt).toBe(AGENT_PRESETS.find((p) => p.id === 'critic')?.systemPrompt);
  });

  it('creates a map over the upstream output that prompts with each item, 4 at a time', () => {
    const doc = new Y.Doc();
    addNode(doc, newNodeFromPalette(paletteItem('map')!, { x: 0, y: 0 }), USER_ORIGIN);
    expect(readWorkflow(doc).nodes[0]).toMatchObject({
      type: 'map',
      data: { label: 'Map', key: 'map', list: '{{input}}', userPrompt: '{{item}}', concurrency: 4 },
    });
  });

  it('creates a custom agent, an input with one variable, and plain nodes', () => {
    expect(newNodeFromPalette(paletteItem('agent:custom')!, { x: 0, y: 0 }).data).toMatchObject({
      label: 'Agent',
      preset: 'custom',
      systemPrompt: '',
    });
    expect(newNodeFromPalette(paletteItem('input')!, { x: 0, y: 0 }).data?.variables).toHaveLength(1);
    expect(newNodeFromPalette(paletteItem('note')!, { x: 0, y: 0 })).toEqual({
      type: 'note',
      position: { x: 0, y: 0 },
    });
    expect(newNodeFromPalette(paletteItem('subworkflow')!, { x: 0, y: 0 })).toEqual({
      type: 'subworkflow',
      position: { x: 0, y: 0 },
    });
    expect(paletteItem('nope')).toBeUndefined();
  });

  it('names each item for screen readers once as an agent, never "agent agent"', () => {
    const names = PALETTE_GROUPS.flatMap((g) => g.items).map(paletteItemAccessibleName);
    for (const name of names) expect(name).not.toMatch(/agent agent/i);
    expect(paletteItemAccessibleName(paletteItem('agent:custom')!)).toMatch(/^Add Custom agent: /);
    expect(paletteItemAccessibleName(paletteItem('agent:writer')!)).toMatch(/^Add Writer agent: /);
    expect(paletteItemAccessibleName(paletteItem('router')!)).toMatch(/^Add Router: /);
  });
});
