import type { FakeStep } from './createFakeScript';

/** The deterministic answer a fake gives when no script overrides it: the prompt echoed back. */
export function fakeReplyText(model: string, prompt: string): string {
  const words = prompt.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean).slice(0, 40);
  return `Fake ${model} reply to: ${words.join(' ') || '(empty prompt)'}`;
}

/** Splits text into word tokens that keep their trailing whitespace, so joining them restores the text. */
export function splitFakeTokens(text: string): string[] {
  return text.split(/(?<=\s)/).filter((t) => t.length > 0);
}

/** A whitespace word count: what the fakes report as input token usage. */
export function countFakeTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export interface FakeReplyPlan {
  tokens: string[];
  /** True when `max_tokens` cut the reply short. */
  hitLimit: boolean;
}

/** What a fake streams for one request: scripted tokens/text, else the echo, cut at `maxTokens`. */
export function planFakeReply(
  step: FakeStep | undefined,
  model: string,
  prompt: string,
  maxTokens: number | undefined,
): FakeReplyPlan {
  const fallback = step?.toolCalls?.length ? '' : fakeReplyText(model, prompt);
  const all = step?.tokens ?? splitFakeTokens(step?.text ?? fallback);
  const limit = maxTokens && maxTokens > 0 ? maxTokens : Number.POSITIVE_INFINITY;
  return { tokens: all.slice(0, limit), hitLimit: all.length > limit };
}

/** Splits a tool call's JSON arguments into three fragments, as providers stream them. */
export function splitFakeArguments(args: unknown): string[] {
  const json = JSON.stringify(args ?? {});
  const third = Math.ceil(json.length / 3);
  return [json.slice(0, third), json.slice(third, 2 * third), json.slice(2 * third)].filter(Boolean);
}
