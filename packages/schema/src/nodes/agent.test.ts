import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../graphTypes';
import { agentCallSettings, agentDataOf, agentNode } from './agent';

const agent = (data: Record<string, unknown>): GraphNode => ({
  id: 'a',
  type: 'agent',
  position: { x: 0, y: 0 },
  data: { label: 'A', ...data },
});

describe('agent node', () => {
  it('clamps counts rather than refusing them: retries 0–10, tool turns 1–25, memory 1–20', () => {
    expect(
      agentCallSettings(agentDataOf(agent({ retries: 99.7, maxToolIterations: 0, memoryTopK: 50 }))),
    ).toMatchObject({
      retries: 10,
      maxToolIterations: 1,
      memoryTopK: 20,
    });
    expect(agentCallSettings(agentDataOf(agent({ retries: -3 })))).toMatchObject({
      retries: 0,
      maxToolIterations: 8,
      memoryTopK: 3,
    });
  });

  it('chains its own model before the fallbacks and defaults an empty prompt to {{input}}', () => {
    const settings = agentCallSettings(
      agentDataOf(
        agent({ provider: 'openai', model: 'm', fallbacks: [{ provider: 'x', model: 'y' }, { bad: 1 }] }),
      ),
    );
    expect(settings.chain).toEqual([
      { provider: 'openai', model: 'm' },
      { provider: 'x', model: 'y' },
    ]);
    expect(settings.prompt).toBe('{{input}}');
  });

  it('treats a non-positive timeout as none', () => {
    expect(agentCallSettings(agentDataOf(agent({ timeoutMs: 0 }))).timeoutMs).toBeNull();
    expect(agentCallSettings(agentDataOf(agent({ timeoutMs: 1500 }))).timeoutMs).toBe(1500);
  });

  it('validates what a provider would refuse, naming the field', () => {
    const check = (data: Record<string, unknown>) => {
      const parsed = agentNode.config.safeParse(agentNode.read(agent(data)));
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(check({})).toEqual([]);
    expect(check({ model: '' })).toEqual(['model']);
    expect(check({ temperature: -1, maxTokens: 0.5 })).toEqual(['temperature', 'maxTokens']);
    const schema = { type: 'object', properties: { p: { type: 'string' } } };
    expect(check({ outputSchema: schema })).toEqual([]);
    // Structured output with tools: the final answer is what gets validated.
    expect(check({ outputSchema: schema, tools: ['builtin:web_search'] })).toEqual([]);
    expect(check({ outputSchema: { type: 'object', properties: { p: { type: 'date' } } } })).toEqual([
      'outputSchema.properties.p',
    ]);
  });

  it('normalizes untrusted data: mistyped numbers dropped, tools filtered', () => {
    const data: Record<string, unknown> = {
      temperature: 'hot',
      retries: Number.NaN,
      tools: ['builtin:web_search', 'rm -rf', 3],
    };
    agentNode.normalize(data);
    expect(data).toMatchObject({
      provider: 'local',
      model: 'local-demo',
      userPrompt: '',
      tools: ['builtin:web_search'],
    });
    expect(data).not.toHaveProperty('temperature');
    expect(data).not.toHaveProperty('retries');
  });
});
