import { type AuditLog, createMemoryRepo, type MemoryEntry, type Sql } from '@synapse/db';
import { ErrorCodes } from '@synapse/schema';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';

export interface MemoryService {
  list(
    workspaceId: string,
    options: { query?: string; limit?: number; offset?: number },
  ): Promise<MemoryEntry[]>;
  add(actor: Principal, workspaceId: string, content: string): Promise<MemoryEntry>;
  update(actor: Principal, workspaceId: string, id: string, content: string): Promise<MemoryEntry>;
  remove(actor: Principal, workspaceId: string, id: string): Promise<void>;
}

function actorOf(actor: Principal): { id: string; name: string } {
  return actor.kind === 'anonymous'
    ? { id: 'anonymous', name: 'Anonymous' }
    : { id: actor.id, name: actor.name };
}

/** The memory page's operations: browse and search, write, edit and delete entries (edits are audited). */
export function createMemoryService(options: {
  sql: Sql;
  auditLog: AuditLog;
  now?: () => number;
}): MemoryService {
  const repo = createMemoryRepo(options.sql);
  const now = options.now ?? Date.now;
  const audit = (actor: Principal, workspaceId: string, kind: string, target: string) =>
    options.auditLog.record({
      workspaceId,
      actorId: actorOf(actor).id,
      actorName: actorOf(actor).name,
      kind,
      target,
      details: {},
    });
  return {
    list: (workspaceId, query) => repo.list(workspaceId, query),
    async add(actor, workspaceId, content) {
      if (!content.trim())
        throw new HttpError(400, ErrorCodes.invalidRequest, 'a memory entry needs content');
      const entry = await repo.add({ workspaceId, content, createdBy: actorOf(actor).id, now: now() });
      await audit(actor, workspaceId, 'memory.created', entry.id);
      return entry;
    },
    async update(actor, workspaceId, id, content) {
      if (!content.trim())
        throw new HttpError(400, ErrorCodes.invalidRequest, 'a memory entry needs content');
      const entry = await repo.update(workspaceId, id, content, now());
      if (!entry) throw new HttpError(404, ErrorCodes.notFound, 'no such memory entry in this workspace');
      await audit(actor, workspaceId, 'memory.updated', id);
      return entry;
    },
    async remove(actor, workspaceId, id) {
      if (!(await repo.remove(workspaceId, id))) {
        throw new HttpError(404, ErrorCodes.notFound, 'no such memory entry in this workspace');
      }
      await audit(actor, workspaceId, 'memory.deleted', id);
    },
  };
}
