import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; pretty in development. Prompt contents and secrets never go above debug. */
export function createLogger(options: { level: string; pretty: boolean; name?: string }): Logger {
  return pino({
    name: options.name ?? 'synapse-server',
    level: options.level,
    redact: { paths: ['*.token', '*.apiKey', '*.secret', 'token', 'secret'], censor: '[redacted]' },
    ...(options.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}
