import { randomBytes } from 'node:crypto';
import { hashToken, newToken } from './hashToken';
import type { Sql } from './Sql';

/** A workspace API token as listed: a hint, never the token. */
export interface ApiTokenInfo {
  id: string;
  workspaceId: string;
  name: string;
  hint: string;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokensRepo {
  /** Creates a token; the plaintext is returned once and only its hash is stored. */
  create(t: { workspaceId: string; name: string; createdBy: string; now: number }): Promise<{
    info: ApiTokenInfo;
    token: string;
  }>;
  list(workspaceId: string): Promise<ApiTokenInfo[]>;
  revoke(workspaceId: string, id: string, now: number): Promise<ApiTokenInfo | null>;
  /** The live token's workspace, recording its use; null when unknown or revoked. */
  verify(token: string, now: number): Promise<ApiTokenInfo | null>;
}

const COLUMNS = `id, workspace_id as "workspaceId", name, hint, created_by as "createdBy",
  created_at_ms as "createdAt", last_used_at_ms as "lastUsedAt", revoked_at_ms as "revokedAt"`;
const PREFIX = 'syn_';

export function createApiTokensRepo(sql: Sql): ApiTokensRepo {
  return {
    async create(t) {
      const token = `${PREFIX}${newToken()}`;
      const [info] = await sql.query<ApiTokenInfo & Record<string, unknown>>(
        `insert into api_tokens (id, workspace_id, name, token_hash, hint, created_by, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
        [
          randomBytes(9).toString('base64url'),
          t.workspaceId,
          t.name.trim() || 'API token',
          hashToken(token),
          `${PREFIX}…${token.slice(-4)}`,
          t.createdBy,
          t.now,
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
