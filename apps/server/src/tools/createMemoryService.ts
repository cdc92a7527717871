import { createMemoryRepo, type MemoryEntry, type Sql } from '@synapse/db';
import { type AuditKind, ErrorCodes } from '@synapse/schema';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { actorOf, type Principal } from '../auth/Principal';
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

/** The memory page's operations: browse and search, write, edit and delete entries (edits are audited). */
export function createMemoryService(options: {
  sql: Sql;
  audit: AuditRecorder;
  now?: () => number;
}): MemoryService {
  const repo = createMemoryRepo(options.sql);
  const now = options.now ?? Date.now;
  const audit = (actor: Principal, workspaceId: string, kind: AuditKind, target: string) =>
    options.audit.record({ workspaceId, actor, kind, target });
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
