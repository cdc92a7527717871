import type { ChatChunk, ChatModelProvider, ChatRequest } from './ChatModel';

export const LOCAL_PROVIDER_ID = 'local';
export const LOCAL_MODEL_ID = 'local-demo';
export const LOCAL_MODEL_LABEL = 'Local demo model (offline)';

export interface LocalModelOptions {
  /** Delay between streamed tokens; a small delay makes streaming visible in the UI. */
  tokenDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const OPENERS = [
  'Here is a considered take',
  'A short, structured answer',
  'Working through this step by step',
  'A concise draft',
];
const BODY = [
  'The key point is to state the goal plainly before adding detail.',
  'Evidence matters more than adjectives, so each claim should carry a source or an example.',
  'The strongest version keeps one idea per paragraph and cuts everything that does not serve it.',
  'Trade-offs deserve a sentence each: what is gained, what is given up, and why it is worth it.',
  'A reader should be able to act on the conclusion without rereading the whole text.',
  'Open questions are listed rather than hidden, so the next step is obvious.',
];

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The deterministic text the local model answers with: the same request always yields the same words. */
export function localModelReply(request: Pick<ChatRequest, 'system' | 'messages'>): string {
  const prompt = request.messages.map((m) => m.content).join('\n');
  const seed = fnv1a(`${request.system ?? ''}\u0000${prompt}`);
  const role = (request.system ?? '').match(/you are an? ([a-z ]{3,40}?)[.,]/i)?.[1];
  const subject = prompt.replace(/\s+/g, ' ').trim().slice(0, 80) || 'the task';
  const opener = OPENERS[seed % OPENERS.length];
  const picks = [0, 1, 2].map((i) => BODY[(seed >>> (i * 5)) % BODY.length]);
  const lens = role ? ` from the ${role.toLowerCase()}` : '';
  return `[${LOCAL_MODEL_LABEL}] ${opener}${lens} on "${subject}". ${[...new Set(picks)].join(' ')}`;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The built-in model: offline, deterministic, free. It lets a fresh install run workflows with no
 * API key, and tests run with no network. It is always labelled so nobody mistakes it for an LLM.
 */
export function createLocalModel(options: LocalModelOptions = {}): ChatModelProvider {
  const tokenDelayMs = options.tokenDelayMs ?? 12;
  const sleep = options.sleep ?? defaultSleep;
  return {
    id: LOCAL_PROVIDER_ID,
    label: LOCAL_MODEL_LABEL,
    models: [{ id: LOCAL_MODEL_ID, label: LOCAL_MODEL_LABEL }],
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      const reply = localModelReply(request);
      const words = reply.split(/(?<=\s)/);
      const limit = request.maxTokens ?? Number.POSITIVE_INFINITY;
      let emitted = 0;
      for (const word of words) {
        if (request.signal?.aborted) return;
        if (emitted >= limit) break;
        if (tokenDelayMs > 0) await sleep(tokenDelayMs, request.signal);
        if (request.signal?.aborted) return;
        emitted += 1;
        yield { type: 'text', text: word };
      }
      const input =
        countTokens(request.system ?? '') + countTokens(request.messages.map((m) => m.content).join(' '));
      yield { type: 'usage', inputTokens: input, outputTokens: emitted };
      yield { type: 'done', finishReason: emitted < words.length ? 'length' : 'stop' };
    },
  };
}
