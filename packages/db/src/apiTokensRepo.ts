import { randomBytes } from 'node:crypto';
import { hashToken, newToken } from './hashToken';
import type { Sql } from './Sql';

export const API_TOKEN_SCOPES = ['read', 'run'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** A workspace API token as listed: a hint, never the token. */
export interface ApiTokenInfo {
  id: string;
  workspaceId: string;
  name: string;
  hint: string;
  /** What the token may do at most: `read` (a viewer's reads) or `run` (an editor's acts). */
  scope: ApiTokenScope;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokensRepo {
  /** Creates a token; the plaintext is returned once and only its hash is stored. */
  create(t: {
    workspaceId: string;
    name: string;
    createdBy: string;
    scope: ApiTokenScope;
    now: number;
  }): Promise<{
    info: ApiTokenInfo;
    token: string;
  }>;
  list(workspaceId: string): Promise<ApiTokenInfo[]>;
  revoke(workspaceId: string, id: string, now: number): Promise<ApiTokenInfo | null>;
  /** A live (unrevoked) token by id, without recording a use (sync tokens derived from it). */
  getLive(id: string): Promise<ApiTokenInfo | null>;
  /** The live token's workspace, recording its use; null when unknown or revoked. */
  verify(token: string, now: number): Promise<ApiTokenInfo | null>;
}

const COLUMNS = `id, workspace_id as "workspaceId", name, hint, scope, created_by as "createdBy",
  created_at_ms as "createdAt", last_used_at_ms as "lastUsedAt", revoked_at_ms as "revokedAt"`;
const PREFIX = 'syn_';

export function createApiTokensRepo(sql: Sql): ApiTokensRepo {
  return {
    async create(t) {
      const token = `${PREFIX}${newToken()}`;
      const [info] = await sql.query<ApiTokenInfo & Record<string, unknown>>(
        `insert into api_tokens (id, workspace_id, name, token_hash, hint, created_by, created_at_ms, scope)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
        [
          randomBytes(9).toString('base64url'),
          t.workspaceId,
          t.name.trim() || 'API token',
          hashToken(token),
          `${PREFIX}…${token.slice(-4)}`,
          t.createdBy,
          t.now,
          t.scope,
        ],
      );
      return { info: info as ApiTokenInfo, token };
    },
    list(workspaceId) {
      return sql.query<ApiTokenInfo & Record<string, unknown>>(
        `select ${COLUMNS} from api_tokens where workspace_id = $1 order by created_at_ms, id`,
        [workspaceId],
      );
    },
    async revoke(workspaceId, id, now) {
      const [row] = await sql.query<ApiTokenInfo & Record<string, unknown>>(
        `update api_tokens set revoked_at_ms = coalesce(revoked_at_ms, $3)
         where workspace_id = $1 and id = $2 returning ${COLUMNS}`,
        [workspaceId, id, now],
      );
      return row ?? null;
    },
    async getLive(id) {
      const [row] = await sql.query<ApiTokenInfo & Record<string, unknown>>(
        `select ${COLUMNS} from api_tokens where id = $1 and revoked_at_ms is null`,
        [id],
      );
      return row ?? null;
    },
    async verify(token, now) {
      if (!token.startsWith(PREFIX)) return null;
      const [row] = await sql.query<ApiTokenInfo & Record<string, unknown>>(
        `update api_tokens set last_used_at_ms = $2 where token_hash = $1 and revoked_at_ms is null
         returning ${COLUMNS}`,
        [hashToken(token), now],
      );
      return row ?? null;
    },
  };
}
