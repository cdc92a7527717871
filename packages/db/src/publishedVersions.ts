import type { Sql } from './Sql';

/** Which saved version of a workflow is published: the one automation runs by default. */
export interface PublishedVersion {
  workspaceId: string;
  workflowId: string;
  versionId: string;
  publishedBy: string;
  publishedAt: number;
}

export interface PublishedVersionRepo {
  /**
   * Marks the version published, replacing any other of the workflow. `changed` is false when it
   * already was the published one (nothing written), so repeating a publish is harmless.
   */
  publish(p: PublishedVersion): Promise<{ changed: boolean; published: PublishedVersion }>;
  get(workspaceId: string, workflowId: string): Promise<PublishedVersion | null>;
}

interface PublishedRecord {
  workspaceId: string;
  workflowId: string;
  versionId: string;
  publishedBy: string;
  publishedAt: number | string;
  [column: string]: unknown;
}

const COLUMNS = `workspace_id as "workspaceId", workflow_id as "workflowId", version_id as "versionId",
  published_by as "publishedBy", published_at_ms as "publishedAt"`;

function toPublished(row: PublishedRecord): PublishedVersion {
  return { ...row, publishedAt: Number(row.publishedAt) };
}

export function createPublishedVersionRepo(sql: Sql): PublishedVersionRepo {
  const get = async (workspaceId: string, workflowId: string) => {
    const [row] = await sql.query<PublishedRecord>(
      `select ${COLUMNS} from published_versions where workspace_id = $1 and workflow_id = $2`,
      [workspaceId, workflowId],
    );
    return row ? toPublished(row) : null;
  };
  return {
    async publish(p) {
      // One statement, so two people publishing at once leave exactly one published version.
      const [row] = await sql.query<PublishedRecord>(
        `insert into published_versions (workspace_id, workflow_id, version_id, published_by, published_at_ms)
         values ($1, $2, $3, $4, $5)
         on conflict (workspace_id, workflow_id) do update
           set version_id = excluded.version_id, published_by = excluded.published_by,
               published_at_ms = excluded.published_at_ms
           where published_versions.version_id <> excluded.version_id
         returning ${COLUMNS}`,
        [p.workspaceId, p.workflowId, p.versionId, p.publishedBy, p.publishedAt],
      );
      if (row) return { changed: true, published: toPublished(row) };
      const current = await get(p.workspaceId, p.workflowId);
      if (!current) throw new Error('published version vanished while publishing');
      return { changed: false, published: current };
    },
    get,
  };
}
