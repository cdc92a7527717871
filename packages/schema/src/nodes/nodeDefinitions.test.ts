import { describe, expect, it } from 'vitest';
import type { GraphNode, NodeType } from '../graphTypes';
import { DATA_FIELD_TYPES, defaultNodeData, NODE_TYPES, TEXT_FIELDS } from '../nodeDefaults';
import { NODE_DEFINITIONS } from './nodeDefinitions';

describe('node definitions', () => {
  it('register every node type under its own type', () => {
    for (const type of NODE_TYPES) expect(NODE_DEFINITIONS[type].type).toBe(type);
  });

  // Types that cannot have a useful default for a field people must fill in (an HTTP request's URL).
  const NEEDS_SETUP: Partial<Record<NodeType, string[]>> = { http: ['url'] };

  it('defaults of every type are valid config once read, but for the fields people must fill in', () => {
    for (const type of Object.keys(NODE_DEFINITIONS) as NodeType[]) {
      const definition = NODE_DEFINITIONS[type];
      const node: GraphNode = {
        id: 'n',
        type,
        position: { x: 0, y: 0 },
        data: defaultNodeData(type) as GraphNode['data'],
      };
      const parsed = definition.config.safeParse(definition.read(node));
      const fields = parsed.success ? [] : parsed.error.issues.map((issue) => issue.path[0]);
      expect(fields, type).toEqual(NEEDS_SETUP[type] ?? []);
    }
  });

  it('own only the fields they declare, and the document views are derived from them', () => {
    for (const definition of Object.values(NODE_DEFINITIONS)) {
      for (const field of Object.keys(definition.defaults()))
        expect(definition.fields, field).toHaveProperty(field);
      for (const field of definition.templateFields) expect(definition.fields[field]).toBe('text');
    }
    expect(TEXT_FIELDS).toEqual(['systemPrompt', 'userPrompt', 'list', 'message', 'url', 'body']);
    expect(DATA_FIELD_TYPES).toMatchObject({
      label: 'string',
      retries: 'number',
      branches: 'array',
      userPrompt: 'string',
    });
  });
});
