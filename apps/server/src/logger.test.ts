import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger redaction', () => {
  it('censors credential fields at the top level and nested', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', pretty: false, destination });
    logger.info(
      {
        apiKey: 'sk-top-level-secret',
        token: 'tok-secret',
        req: {
          headers: {
            authorization: 'Bearer sk-nested-secret',
            cookie: 'synapse_session=abc',
            'x-api-key': 'xk',
          },
        },
        user: { password: 'hunter2hunter2' },
        keep: 'visible',
      },
      'request',
    );
    const line = lines.join('');
    for (const secret of [
      'sk-top-level-secret',
      'tok-secret',
      'sk-nested-secret',
      'synapse_session=abc',
      'hunter2',
      '"xk"',
    ])
      expect(line).not.toContain(secret);
    expect(line).toContain('visible');
    expect(line).toContain('[redacted]');
  });
});
