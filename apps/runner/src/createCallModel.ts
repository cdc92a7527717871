import type { ModelRouter, RouterChunk } from '@synapse/providers';
import { ErrorCodes } from '@synapse/schema';
import type { CallModel, ModelEvent } from './callModel';

const REASONS: Record<string, string> = {
  [ErrorCodes.providerAuth]: 'the provider refused the key',
  [ErrorCodes.providerRateLimit]: 'rate limited',
  [ErrorCodes.providerTimeout]: 'timed out',
  [ErrorCodes.providerServer]: 'the provider had a server error',
  [ErrorCodes.providerInvalidRequest]: 'the provider rejected the request',
  [ErrorCodes.providerTruncatedStream]: 'the stream ended early',
  [ErrorCodes.providerNetwork]: 'the connection failed',
  [ErrorCodes.providerNotConfigured]: 'the provider is not configured',
  [ErrorCodes.providerCircuitOpen]: 'skipped: too many recent failures',
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
        ...(request.json ? { json: true } : {}),
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
