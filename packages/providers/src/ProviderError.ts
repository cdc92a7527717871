import { ErrorCodes } from '@synapse/schema';

/** Dotted, stable codes for every way a model call can fail; the UI and the runner branch on these. */
export const ProviderErrorCodes = {
  auth: ErrorCodes.providerAuth,
  rateLimit: ErrorCodes.providerRateLimit,
  timeout: ErrorCodes.providerTimeout,
  server: ErrorCodes.providerServer,
  invalidRequest: ErrorCodes.providerInvalidRequest,
  truncatedStream: ErrorCodes.providerTruncatedStream,
  network: ErrorCodes.providerNetwork,
  cancelled: ErrorCodes.providerCancelled,
  notConfigured: ErrorCodes.providerNotConfigured,
  circuitOpen: ErrorCodes.providerCircuitOpen,
} as const;

export type ProviderErrorCode = (typeof ProviderErrorCodes)[keyof typeof ProviderErrorCodes];

/** Whether trying the same model again can help. Auth, bad requests and missing keys never heal alone. */
const RETRYABLE: Record<ProviderErrorCode, boolean> = {
  [ErrorCodes.providerAuth]: false,
  [ErrorCodes.providerRateLimit]: true,
  [ErrorCodes.providerTimeout]: true,
  [ErrorCodes.providerServer]: true,
  [ErrorCodes.providerInvalidRequest]: false,
  [ErrorCodes.providerTruncatedStream]: true,
  [ErrorCodes.providerNetwork]: true,
  [ErrorCodes.providerCancelled]: false,
  [ErrorCodes.providerNotConfigured]: false,
  [ErrorCodes.providerCircuitOpen]: true,
};

export type TimeoutKind = 'first_token' | 'idle' | 'total';

/** One entry of a routed call's history, for the error the caller finally sees and for the UI. */
export interface ProviderAttempt {
  /** 1-based number of the call; 0 for a model skipped without a call. */
  attempt: number;
  provider: string;
  model: string;
  outcome: 'ok' | 'failed' | 'skipped';
  code?: ProviderErrorCode;
  message?: string;
  /** Whether text of this attempt reached the caller before it failed. */
  emittedText: boolean;
  durationMs: number;
}

export interface ProviderErrorOptions {
  retryable?: boolean;
  status?: number;
  retryAfterMs?: number;
  provider?: string;
  model?: string;
  timeout?: TimeoutKind;
  attempts?: ProviderAttempt[];
  cause?: unknown;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly provider?: string;
  readonly model?: string;
  readonly timeout?: TimeoutKind;
  readonly attempts: ProviderAttempt[];

  constructor(code: ProviderErrorCode, message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE[code];
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.provider = options.provider;
    this.model = options.model;
    this.timeout = options.timeout;
    this.attempts = options.attempts ?? [];
  }

  /** A copy with more context (provider/model, the attempt history), keeping code and cause. */
  with(options: ProviderErrorOptions, message = this.message): ProviderError {
    return new ProviderError(this.code, message, {
      retryable: this.retryable,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      provider: this.provider,
      model: this.model,
      timeout: this.timeout,
      attempts: this.attempts,
      cause: this.cause,
      ...options,
    });
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      provider: this.provider,
      model: this.model,
      timeout: this.timeout,
      attempts: this.attempts,
    };
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}
