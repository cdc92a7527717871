import type { Hocuspocus } from '@hocuspocus/server';
import type { PublishedVersionRepo, VersionRepo, VersionSummary } from '@synapse/db';
import {
  ErrorCodes,
  newId,
  normalizeGraph,
  readWorkflow,
  readWorkflowMeta,
  type WorkflowBundle,
  type WorkflowGraph,
  workflowDocName,
} from '@synapse/schema';
import * as Y from 'yjs';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import { resolveSubworkflowBundle } from './resolveSubworkflowBundle';

/** A version as the API lists it. */
export type VersionView = Omit<VersionSummary, 'workspaceId'>;

/** One version with its graph, for preview, diff and restore. */
export interface VersionDetail extends Omit<VersionView, 'runId' | 'nodeCount' | 'published'> {
  graph: WorkflowGraph;
}

export interface VersionService {
  /** Freezes the workflow as it is now on the server as a named manual version. */
  save(request: {
    principal: Principal;
    workspaceId: string;
    workflowId: string;
    name: string;
  }): Promise<VersionView>;
  list(workspaceId: string, workflowId: string): Promise<VersionView[]>;
  get(workspaceId: string, workflowId: string, versionId: string): Promise<VersionDetail>;
  /**
   * Marks a saved version as the workflow's published one (what automation runs by default). Publishing
   * the version that already is published changes and audits nothing.
   */
  publish(request: {
    principal: Principal;
    workspaceId: string;
    workflowId: string;
    versionId: string;
  }): Promise<{ version: VersionView; changed: boolean }>;
  /**
   * The saved graphs `graph`'s Sub-workflow nodes call, at every depth, for a workflow file that runs
   * and exports offline (docs/workflow-file-format.md). 422 naming a cycle, a missing call or too deep
   * a chain, as run intake refuses them.
   */
  subworkflowBundle(workspaceId: string, workflowId: string, graph: WorkflowGraph): Promise<WorkflowBundle>;
}

export interface VersionServiceDeps {
  sync: Hocuspocus;
  versions: VersionRepo;
  published: PublishedVersionRepo;
  now(): number;
  logger: Logger;
  /** Records version.published. */
  audit?: AuditRecorder;
}

const LIST_LIMIT = 200;

function view({ workspaceId: _, ...summary }: VersionSummary): VersionView {
  return summary;
}

/**
 * Named versions of a workflow. Saving reads the server's copy of the document the way run intake
 * does (every edit the server acknowledged is in it) and stores its full Yjs state plus the plain
 * graph. Restoring is not a server operation: the editor applies a version's graph to the live
 * document as an ordinary, undoable edit (`restoreWorkflowGraph`), so it merges with concurrent edits.
 */
export function createVersionService(deps: VersionServiceDeps): VersionService {
  const { sync, versions, logger } = deps;

  const notFound = (workflowId: string) =>
    new HttpError(404, ErrorCodes.notFound, `workflow ${workflowId} not found`);

  async function findVersion(workspaceId: string, workflowId: string, versionId: string) {
    const version = await versions.get(versionId);
    if (!version || version.workspaceId !== workspaceId || version.workflowId !== workflowId) {
      throw new HttpError(404, ErrorCodes.notFound, `version ${versionId} not found`);
    }
    return version;
  }

  return {
    async save({ principal, workspaceId, workflowId, name }) {
      const connection = await sync.openDirectConnection(workflowDocName(workspaceId, workflowId), {
        principal,
      });
      try {
        const doc = connection.document;
        if (!doc) throw notFound(workflowId);
        if (readWorkflowMeta(doc).schemaVersion === 0 && doc.getMap('nodes').size === 0) {
          throw notFound(workflowId);
        }
        const createdAt = deps.now();
        const graph = readWorkflow(doc);
        const version = {
          id: newId(),
          workspaceId,
          workflowId,
          state: Y.encodeStateAsUpdateV2(doc),
          graph,
          reason: 'manual' as const,
          name,
          createdBy: principal.kind === 'anonymous' ? 'anonymous' : principal.id,
          createdAt,
        };
        await versions.create(version);
        logger.info({ workspaceId, workflowId, versionId: version.id }, 'version saved');
        return {
          id: version.id,
          workflowId,
          reason: 'manual',
          name,
          createdBy: version.createdBy,
          createdAt,
          runId: null,
          nodeCount: graph.nodes.length,
          published: false,
        };
      } finally {
        await connection.disconnect();
      }
    },

    async list(workspaceId, workflowId) {
      return (await versions.listByWorkflow(workspaceId, workflowId, LIST_LIMIT)).map(view);
    },

    async publish({ principal, workspaceId, workflowId, versionId }) {
      const version = await findVersion(workspaceId, workflowId, versionId);
      const { changed } = await deps.published.publish({
        workspaceId,
        workflowId,
        versionId,
        publishedBy: principal.kind === 'anonymous' ? 'anonymous' : principal.id,
        publishedAt: deps.now(),
      });
      if (changed) {
        logger.info({ workspaceId, workflowId, versionId }, 'version published');
        await deps.audit?.record({
          workspaceId,
          actor: principal,
          kind: 'version.published',
          target: versionId,
          details: { workflowId, name: version.name ?? null },
        });
      }
      const listed = (await versions.listByWorkflow(workspaceId, workflowId, LIST_LIMIT)).find(
        (v) => v.id === versionId,
      );
      const summary: VersionSummary = listed ?? {
        id: version.id,
        workspaceId,
        workflowId,
        reason: version.reason,
        name: version.name ?? null,
        createdBy: version.createdBy,
        createdAt: version.createdAt,
        runId: null,
        nodeCount: normalizeGraph(version.graph).nodes.length,
        published: true,
      };
      return { version: view(summary), changed };
    },

    async subworkflowBundle(workspaceId, workflowId, graph) {
      const resolved = await resolveSubworkflowBundle(deps, workspaceId, { workflowId, graph });
      if (resolved.ok) return resolved.bundle;
      throw resolved.error;
    },

    async get(workspaceId, workflowId, versionId) {
      const version = await findVersion(workspaceId, workflowId, versionId);
      return {
        id: version.id,
        workflowId: version.workflowId,
        reason: version.reason,
        name: version.name ?? null,
        createdBy: version.createdBy,
        createdAt: version.createdAt,
        graph: normalizeGraph(version.graph),
      };
    },
  };
}
