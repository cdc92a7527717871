import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../graphTypes';
import { routerInstruction, routerNode } from './router';

const router = (data: Record<string, unknown>): GraphNode => ({
  id: 'r',
  type: 'router',
  position: { x: 0, y: 0 },
  data: { label: 'R', ...data },
});

describe('router node', () => {
  it('puts its own system prompt ahead of the classification instruction', () => {
    expect(routerInstruction([{ label: 'tech' }, { label: 'sales' }], ' Be decisive. ')).toBe(
      "Be decisive.\n\nClassify the user's message into exactly one of these labels:\n- tech\n- sales\nAnswer with the label only.",
    );
  });

  it('offers one source handle per branch, the default pair when it has none', () => {
    expect(routerNode.sourceHandles(router({}))).toEqual(['yes', 'no']);
    expect(routerNode.sourceHandles(router({ branches: [{ id: 'x', label: 'X' }] }))).toEqual(['x']);
  });

  it('refuses an LLM router whose labels the model could not tell apart; a rule router may repeat them', () => {
    const branches = [
      { id: 'a', label: 'Same' },
      { id: 'b', label: 'same ' },
    ];
    const llm = routerNode.config.safeParse(routerNode.read(router({ mode: 'llm', branches })));
    expect(llm.success).toBe(false);
    expect(routerNode.config.safeParse(routerNode.read(router({ mode: 'rule', branches }))).success).toBe(
      true,
    );
  });
});
