// Sign-up must not tell whether an email has an account: the answer for a taken address is the refusal a
// closed install gives every address, and the password is hashed on both paths.
import {
  createAuditLog,
  createInvitesRepo,
  createMembershipsRepo,
  type Database,
  migrate,
  openPglite,
} from '@synapse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditRecorder } from '../audit/createAuditRecorder';
import { HttpError } from '../http/HttpError';
import { createLogger } from '../logger';
import { type AuthService, createAuthService } from './createAuthService';
import { createMembershipCache } from './createMembershipCache';
import { hashPassword } from './hashPassword';

let db: Database;
let hashes = 0;
const logger = createLogger({ level: 'silent', pretty: false });

function service(openSignup: boolean): AuthService {
  const sql = db.sql;
  return createAuthService({
    sql,
    members: createMembershipCache(createMembershipsRepo(sql), sql, logger),
    audit: createAuditRecorder(createAuditLog(sql), logger),
    secret: new Uint8Array(32),
    logger,
    now: Date.now,
    openSignup,
    syncTokenTtlMs: 60_000,
    hashPassword: (password) => {
      hashes += 1;
      return hashPassword(password);
    },
  });
}

/** What the caller sees of a refused sign-up: status and body (or that it succeeded). */
async function answer(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
    return 'signed up';
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { status: error.status, body: error.toJSON() };
  }
}

const TAKEN = 'taken@example.test';
const account = (email: string, inviteToken?: string) => ({
  name: 'Someone',
  email,
  password: 'a long enough password',
  inviteToken,
});

beforeAll(async () => {
  db = await openPglite({});
  await migrate(db.sql);
  await db.sql.query(`insert into workspaces (id, name, created_at_ms) values ('default', 'Default', 0)`);
  await service(false).signUp(account(TAKEN));
});
afterAll(async () => {
  await db?.close();
});

describe('sign-up and existing emails', () => {
  it('answers a taken and a fresh email alike on a closed install, hashing both', async () => {
    const closed = service(false);
    const before = hashes;
    const fresh = await answer(closed.signUp(account('fresh@example.test')));
    const taken = await answer(closed.signUp(account(TAKEN.toUpperCase())));
    expect(taken).toEqual(fresh);
    expect(fresh).toMatchObject({ status: 403, body: { error: { code: 'synapse.forbidden' } } });
    expect(hashes - before).toBe(2);
  });

  it('refuses a taken email with an invite or on an open install with that same answer, after hashing', async () => {
    const closedRefusal = await answer(service(false).signUp(account('nobody@example.test')));
    const [owner] = await db.sql.query<{ id: string }>('select id from users where email = $1', [TAKEN]);
    const invite = await createInvitesRepo(db.sql).create({
      workspaceId: 'default',
      role: 'viewer',
      createdBy: owner!.id,
      ttlMs: 60_000,
    });
    for (const [auth, token] of [
      [service(false), invite.token],
      [service(true), undefined],
    ] as const) {
      const before = hashes;
      expect(await answer(auth.signUp(account(TAKEN, token)))).toEqual(closedRefusal);
      expect(hashes - before).toBe(1);
    }
    // The invite was not spent by the refused attempt.
    expect(await answer(service(false).signUp(account('new@example.test', invite.token)))).toBe('signed up');
  });
});
