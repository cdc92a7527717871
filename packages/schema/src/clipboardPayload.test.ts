import { describe, expect, it } from 'vitest';
import { CLIPBOARD_FORMAT, parseClipboardPayload, toClipboardPayload } from './clipboardPayload';
import { graphFixture } from './test/graphFixture';

describe('clipboard payload', () => {
  const graph = graphFixture(
    ['a', 'b', 'c'],
    [
      ['a', 'b'],
      ['b', 'c'],
    ],
    { a: { systemPrompt: 'Be brief.', userPrompt: '{{input}}' } },
  );

  it('keeps the selected nodes and only the edges between them', () => {
    const payload = toClipboardPayload(graph, ['a', 'b']);
    expect(payload.format).toBe(CLIPBOARD_FORMAT);
    expect(payload.version).toBe(1);
    expect(payload.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(payload.edges.map((e) => e.id)).toEqual(['a:out->b:in']);
  });

  it('round-trips through JSON text', () => {
    const payload = toClipboardPayload(graph, ['a', 'b', 'c']);
    const parsed = parseClipboardPayload(JSON.stringify(payload));
    expect(parsed.ok && parsed.payload.edges).toEqual(payload.edges);
    expect(parsed.ok && parsed.payload.nodes.find((n) => n.id === 'a')?.data.systemPrompt).toBe('Be brief.');
  });

  it('is a detached copy', () => {
    const payload = toClipboardPayload(graph, ['a']);
    payload.nodes[0]!.data.label = 'changed';
    expect(graph.nodes[0]!.data.label).toBe('a');
  });

  it('lets ordinary text through and refuses unknown versions', () => {
    expect(parseClipboardPayload('hello')).toEqual({ ok: false, reason: 'not_synapse' });
    expect(parseClipboardPayload('{"format":"synapse.clipboard",')).toEqual({
      ok: false,
      reason: 'not_synapse',
    });
    expect(parseClipboardPayload(JSON.stringify({ format: 'other', version: 1, nodes: [] }))).toEqual({
      ok: false,
      reason: 'not_synapse',
    });
    expect(
      parseClipboardPayload(JSON.stringify({ format: CLIPBOARD_FORMAT, version: 2, nodes: [] })),
    ).toEqual({
      ok: false,
      reason: 'unsupported_version',
    });
  });

  it('reads a foreign payload tolerantly and drops edges that leave it', () => {
    const text = JSON.stringify({
      format: CLIPBOARD_FORMAT,
      version: 1,
      nodes: [
        { id: 'x', type: 'agent', position: { x: 'left' }, data: { label: 7, temperature: 'hot' } },
        { id: 'y', type: 'spaceship', position: { x: 1, y: 2 }, data: {} },
        { nope: true },
      ],
      edges: [
        { source: 'x', target: 'y' },
        { source: 'x', target: 'elsewhere' },
      ],
    });
    const parsed = parseClipboardPayload(text);
    if (!parsed.ok) throw new Error('expected a payload');
    const [x, y] = parsed.payload.nodes;
    expect(x).toMatchObject({ id: 'x', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Agent' } });
    expect(x?.data.temperature).toBeUndefined();
    expect(y).toMatchObject({ type: 'note', data: { originalType: 'spaceship' } });
    expect(parsed.payload.edges).toEqual([
      { id: 'x:out->y:in', source: 'x', target: 'y', sourceHandle: 'out', targetHandle: 'in' },
    ]);
  });

  it('refuses oversized text', () => {
    const text = `{"format":"${CLIPBOARD_FORMAT}","pad":"${'x'.repeat(8 * 1024 * 1024)}"}`;
    expect(parseClipboardPayload(text)).toEqual({ ok: false, reason: 'too_large' });
  });
});
