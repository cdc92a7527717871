import type { AuditLog, NewAuditEvent } from '@synapse/db';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, RUNNER_SERVICE } from '../auth/Principal';
import { createLogger } from '../logger';
import { auditLogWriter, createAuditRecorder } from './createAuditRecorder';

function setup(fail = false) {
  const written: NewAuditEvent[] = [];
  const logged: { msg: string; kind?: string; workspaceId?: string }[] = [];
  const log: Pick<AuditLog, 'record'> = {
    async record(event) {
      if (fail) throw new Error('database is down');
      written.push(event);
    },
  };
  const logger = createLogger({
    level: 'error',
    pretty: false,
    destination: { write: (line: string) => void logged.push(JSON.parse(line)) },
  });
  return { written, logged, recorder: createAuditRecorder(log, logger) };
}

describe('createAuditRecorder', () => {
  it('names principals and plain actors the way audit rows and created_by columns do', async () => {
    const { written, recorder } = setup();
    await recorder.record({ workspaceId: 'w1', actor: RUNNER_SERVICE, kind: 'run.started', target: 'r1' });
    await recorder.record({ workspaceId: 'w1', actor: ANONYMOUS, kind: 'run.cancelled' });
    await recorder.record({ workspaceId: null, actor: { id: 'u1', name: 'Ada' }, kind: 'auth.signed_in' });
    expect(written).toEqual([
      {
        workspaceId: 'w1',
        actorId: 'runner',
        actorName: 'Synapse runner',
        kind: 'run.started',
        target: 'r1',
        details: {},
      },
      {
        workspaceId: 'w1',
        actorId: 'anonymous',
        actorName: 'Anonymous',
        kind: 'run.cancelled',
        target: null,
        details: {},
      },
      {
        workspaceId: null,
        actorId: 'u1',
        actorName: 'Ada',
        kind: 'auth.signed_in',
        target: null,
        details: {},
      },
    ]);
  });

  it('logs a failed write instead of throwing', async () => {
    const { logged, recorder } = setup(true);
    await expect(
      recorder.record({ workspaceId: 'w1', actor: RUNNER_SERVICE, kind: 'key.created' }),
    ).resolves.toBeUndefined();
    expect(logged.map((l) => [l.msg, l.kind, l.workspaceId])).toEqual([
      ['audit write failed', 'key.created', 'w1'],
    ]);
  });

  it('gives packages/db code that records itself (key.used) the same never-throwing write', async () => {
    const ok = setup();
    const event: NewAuditEvent = {
      workspaceId: 'w1',
      actorId: 'runner',
      actorName: 'Synapse runner',
      kind: 'key.used',
      target: 'k1',
      details: { provider: 'openai' },
    };
    await auditLogWriter(ok.recorder).record(event);
    expect(ok.written).toEqual([event]);

    const failing = setup(true);
    await expect(auditLogWriter(failing.recorder).record(event)).resolves.toBeUndefined();
    expect(failing.logged.map((l) => l.kind)).toEqual(['key.used']);
  });
});
