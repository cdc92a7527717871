import type { ModelRouter, RouterChunk } from '@synapse/providers';
import type { CallModel, ModelEvent } from './callModel';

const REASONS: Record<string, string> = {
  'synapse.provider.auth': 'the provider refused the key',
  'synapse.provider.rate_limit': 'rate limited',
  'synapse.provider.timeout': 'timed out',
  'synapse.provider.server': 'the provider had a server error',
  'synapse.provider.invalid_request': 'the provider rejected the request',
  'synapse.provider.truncated_stream': 'the stream ended early',
  'synapse.provider.network': 'the connection failed',
  'synapse.provider.not_configured': 'the provider is not configured',
  'synapse.provider.circuit_open': 'skipped: too many recent failures',
};

/**
 * Runs a node's chain through the model router (the one retry loop: backoff, fallbacks, breakers,
 * timeouts) and turns its markers into the executor's attempt events.
 */
export function createCallModel(router: Pick<ModelRouter, 'stream'>): CallModel {
  return (request) =>
    (async function* (): AsyncGenerator<ModelEvent> {
      let open: number | null = null;
      const fail = (code: string, message?: string): ModelEvent | null => {
        if (open === null) return null;
        const event: ModelEvent = {
          type: 'attempt_failed',
          attempt: open,
          code,
          message: message ?? REASONS[code] ?? code,
        };
        open = null;
        return event;
      };
      const chunks: AsyncIterable<RouterChunk> = router.stream({
        chain: request.chain,
        ...(request.system ? { system: request.system } : {}),
        messages: request.messages ?? [{ role: 'user', content: request.prompt }],
        ...(request.tools?.length ? { tools: request.tools } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
        signal: request.signal,
        policy: {
          retries: request.retries,
          ...(request.timeoutMs !== undefined ? { timeouts: { totalMs: request.timeoutMs } } : {}),
        },
      });
      for await (const chunk of chunks) {
        switch (chunk.type) {
          case 'attempt': {
            const failed = chunk.reason ? fail(chunk.reason) : null;
            if (failed) yield failed;
            open = chunk.attempt;
            yield { type: 'attempt', attempt: chunk.attempt, provider: chunk.provider, model: chunk.model };
            break;
          }
          case 'restart': {
            const failed = fail(chunk.reason, chunk.message);
            if (failed) yield failed;
            yield { type: 'restart', attempt: chunk.attempt + 1 };
            break;
          }
          case 'skip':
            break;
          default:
            yield chunk;
        }
      }
    })();
}
