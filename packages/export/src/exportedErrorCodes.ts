import { ErrorCodes } from '@synapse/schema';

/**
 * The provider error codes an exported program classifies with, by the constant name it declares: the
 * same strings Synapse itself uses, so logs from an exported run read like Synapse's.
 */
export const EXPORTED_ERROR_CODES = {
  AUTH: ErrorCodes.providerAuth,
  RATE_LIMIT: ErrorCodes.providerRateLimit,
  TIMEOUT: ErrorCodes.providerTimeout,
  SERVER: ErrorCodes.providerServer,
  INVALID_REQUEST: ErrorCodes.providerInvalidRequest,
  TRUNCATED: ErrorCodes.providerTruncatedStream,
  NETWORK: ErrorCodes.providerNetwork,
  NOT_CONFIGURED: ErrorCodes.providerNotConfigured,
  CIRCUIT_OPEN: ErrorCodes.providerCircuitOpen,
} as const;

/** One declaration line per code, in the target language's syntax. */
export function declareErrorCodes(declare: (name: string, code: string) => string): string {
  return Object.entries(EXPORTED_ERROR_CODES)
    .map(([name, code]) => declare(name, code))
    .join('\n');
}
