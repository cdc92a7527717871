import pino, { type Logger } from 'pino';

export type { Logger };

/** Fields that hold credentials, at the top level and one or two levels down. */
const SECRET_FIELDS = [
  'token',
  'apiKey',
  'api_key',
  'secret',
  'password',
  'passwordHash',
  'authorization',
  'cookie',
  'x-api-key',
  'masterKeys',
];
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((f) => {
  const key = /^[A-Za-z_]\w*$/.test(f) ? f : `["${f}"]`;
  const sep = key.startsWith('[') ? '' : '.';
  return [key, `*${sep}${key}`, `*.*${sep}${key}`];
});

/** Structured JSON logs; pretty in development. Prompt contents and secrets never go above debug. */
export function createLogger(options: {
  level: string;
  pretty: boolean;
  name?: string;
  /** Where lines go instead of stdout (tests capture and search them). */
  destination?: pino.DestinationStream;
}): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name ?? 'synapse-server',
    level: options.level,
    // Defence in depth: nothing should log these, and if something does, the value never reaches the output.
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.pretty && !options.destination
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
