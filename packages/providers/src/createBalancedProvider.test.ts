import { seededRandom } from '@synapse/testkit/fakes';
import { describe, expect, it } from 'vitest';
import type { ChatChunk, ChatModelProvider } from './ChatModel';
import { createBalancedProvider, pickWeighted } from './createBalancedProvider';
import type { ProviderCredentials } from './createCatalogProvider';
import { createKeyCooldowns } from './createKeyCooldowns';
import { ProviderErrorCodes as Codes, ProviderError } from './ProviderError';

/** Each key's adapter answers from its own queue of outcomes (default: one token and done). */
type Outcome = 'ok' | ProviderError | { textThen: ProviderError };

/** `random` defaults to 0: always the first key still available, so a test knows which key fails first. */
function setup(
  weights: Record<string, number>,
  outcomes: Record<string, Outcome[]> = {},
  random: () => number = () => 0,
) {
  let clock = 0;
  const cooldowns = createKeyCooldowns({ now: () => clock });
  const calls: string[] = [];
  const decrypted: string[] = [];
  const adapter = (apiKey: string): ChatModelProvider => ({
    id: 'p',
    label: 'P',
    models: [{ id: 'm', label: 'M' }],
    async *stream(): AsyncIterable<ChatChunk> {
      calls.push(apiKey);
      const outcome = outcomes[apiKey]?.shift() ?? 'ok';
      if (outcome instanceof ProviderError) throw outcome;
      yield { type: 'text', text: apiKey };
      if (outcome !== 'ok') throw outcome.textThen;
      yield { type: 'done', finishReason: 'stop' };
    },
  });
  const provider = createBalancedProvider({
    id: 'p',
    keys: Object.entries(weights).map(([id, weight]) => ({
      id,
      weight,
      credentials: async (): Promise<ProviderCredentials> => {
        decrypted.push(id);
        return { apiKey: id };
      },
    })),
    build: (credentials) => adapter(credentials.apiKey ?? ''),
    cooldowns,
    random,
  });
  const call = async () => {
    const texts: string[] = [];
    for await (const chunk of provider.stream({ model: 'm', messages: [] }))
      if (chunk.type === 'text') texts.push(chunk.text);
    return texts.join('');
  };
  return { provider, call, calls, decrypted, cooldowns, advance: (ms: number) => (clock += ms) };
}

const rateLimited = (retryAfterMs?: number) =>
  new ProviderError(Codes.rateLimit, '429', retryAfterMs === undefined ? {} : { retryAfterMs });

describe('createBalancedProvider', () => {
  it('pickWeighted lands in each item’s share of the total weight', () => {
    const items = [
      { id: 'a', weight: 3 },
      { id: 'b', weight: 1 },
    ];
    expect(pickWeighted(items, () => 0).id).toBe('a');
    expect(pickWeighted(items, () => 0.74).id).toBe('a');
    expect(pickWeighted(items, () => 0.75).id).toBe('b');
    expect(pickWeighted(items, () => 0.999).id).toBe('b');
  });

  it('spreads calls by weight and decrypts a key only when it is first picked', async () => {
    const t = setup({ a: 3, b: 1, c: 0 }, {}, seededRandom(7));
    expect(t.decrypted).toEqual([]);
    for (let i = 0; i < 400; i++) await t.call();
    const a = t.calls.filter((k) => k === 'a').length;
    expect(a).toBeGreaterThan(265);
    expect(a).toBeLessThan(335);
    expect(t.calls).not.toContain('c');
    expect(t.decrypted.sort()).toEqual(['a', 'b']);
  });

  it('moves a call to another key when one is rate limited, and rests that key for its retry-after', async () => {
    const t = setup({ a: 1, b: 1 }, { a: [rateLimited(30_000)] });
    expect(await t.call()).toBe('b');
    expect(t.calls).toEqual(['a', 'b']);
    for (let i = 0; i < 10; i++) await t.call();
    expect(t.calls.slice(2)).toEqual(Array(10).fill('b'));
    t.advance(30_000);
    expect(await t.call()).toBe('a');
  });

  it('fails as rate limited with the shortest rest when every key is resting, without a call', async () => {
    const t = setup({ a: 1, b: 1 }, { a: [rateLimited(8_000)], b: [rateLimited(20_000)] });
    await expect(t.call()).rejects.toMatchObject({ code: Codes.rateLimit });
    expect(t.calls).toEqual(['a', 'b']);
    t.advance(1_000);
    await expect(t.call()).rejects.toMatchObject({ code: Codes.rateLimit, retryAfterMs: 7_000 });
    expect(t.calls).toHaveLength(2);
  });

  it('does not switch keys once text was sent, nor for a bad request (not the key’s fault)', async () => {
    const t = setup(
      { a: 1, b: 1 },
      {
        a: [{ textThen: new ProviderError(Codes.server, '500') }],
        b: [new ProviderError(Codes.invalidRequest, '400')],
      },
    );
    await expect(t.call()).rejects.toMatchObject({ code: Codes.server });
    expect(t.calls).toEqual(['a']);
    // The key that failed mid-stream rests; the other one gets the bad request, which rests nothing.
    await expect(t.call()).rejects.toMatchObject({ code: Codes.invalidRequest });
    expect(t.calls).toEqual(['a', 'b']);
    expect(await t.cooldowns.remaining(['a', 'b'])).toEqual(new Map([['a', 5_000]]));
  });

  it('rests a refused key (401) for ten minutes while the others carry on', async () => {
    const t = setup({ a: 1, b: 1 }, { a: [new ProviderError(Codes.auth, '401')] });
    expect(await t.call()).toBe('b');
    expect(await t.cooldowns.remaining(['a', 'b'])).toEqual(new Map([['a', 10 * 60_000]]));
  });
});
