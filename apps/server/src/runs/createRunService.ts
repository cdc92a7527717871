import type { Hocuspocus } from '@hocuspocus/server';
import type { createRunsRepo, createVersionRepo, RunJob, RunRow } from '@synapse/db';
import {
  ErrorCodes,
  findUnknownReferences,
  initRunDoc,
  newId,
  RUN_STATUSES,
  type RunStatus,
  readWorkflow,
  readWorkflowMeta,
  runDocName,
  SERVER_ORIGIN,
  setLastRunId,
  validateGraph,
  workflowDocName,
} from '@synapse/schema';
import * as Y from 'yjs';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { DurablePersistence } from '../sync/createDurablePersistence';

export interface RunView extends Omit<RunRow, 'status'> {
  status: RunStatus;
  documentName: string;
}

export interface RunService {
  start(request: {
    principal: Principal;
    workspaceId: string;
    workflowId: string;
    inputs: Record<string, string>;
  }): Promise<RunView>;
  list(workspaceId: string, workflowId: string): Promise<RunView[]>;
  get(workspaceId: string, runId: string): Promise<RunView>;
}

export interface RunServiceDeps {
  sync: Hocuspocus;
  persistence: DurablePersistence;
  runs: ReturnType<typeof createRunsRepo>;
  versions: ReturnType<typeof createVersionRepo>;
  enqueue(job: RunJob): Promise<void>;
  now(): number;
  logger: Logger;
}

function view(row: RunRow): RunView {
  const status = (RUN_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as RunStatus)
    : 'failed';
  return { ...row, status, documentName: runDocName(row.workspaceId, row.id) };
}

/**
 * Run intake: validate the graph as it is now, freeze it as an immutable version, create the run row and
 * the run document (durable before we answer), point the workflow at the run, then enqueue the job.
 */
export function createRunService(deps: RunServiceDeps): RunService {
  const { sync, persistence, runs, versions, logger } = deps;

  return {
    async start({ principal, workspaceId, workflowId, inputs }) {
      const requestedBy = principal.kind === 'anonymous' ? 'anonymous' : principal.id;
      const workflowName = workflowDocName(workspaceId, workflowId);
      const workflow = await sync.openDirectConnection(workflowName, { principal });
      try {
        const doc = workflow.document;
        if (!doc) throw new HttpError(404, ErrorCodes.notFound, `workflow ${workflowId} not found`);
        if (readWorkflowMeta(doc).schemaVersion === 0 && doc.getMap('nodes').size === 0) {
          throw new HttpError(404, ErrorCodes.notFound, `workflow ${workflowId} not found`);
        }
        const validation = validateGraph(readWorkflow(doc));
        if (!validation.ok) {
          throw new HttpError(422, validation.error.code, validation.error.message, {
            edges: validation.error.edges,
          });
        }
        const unknown = findUnknownReferences(validation.graph);
        const first = unknown[0];
        if (first) {
          const why = first.reason === 'missing' ? 'does not exist' : 'is not upstream of it';
          throw new HttpError(
            422,
            ErrorCodes.dagUnknownReference,
            `node ${first.nodeId} refers to {{nodes.${first.reference}.output}}, which ${why}`,
            { references: unknown },
          );
        }
        const createdAt = deps.now();
        const versionId = newId();
        const runId = newId();
        await versions.create({
          id: versionId,
          workspaceId,
          workflowId,
          state: Y.encodeStateAsUpdateV2(doc),
          graph: validation.graph,
          reason: 'run',
          createdBy: requestedBy,
          createdAt,
        });
        const row = await runs.create({
          id: runId,
          workspaceId,
          workflowId,
          versionId,
          requestedBy,
          inputs,
          createdAt,
        });

        const runName = runDocName(workspaceId, runId);
        const runConnection = await sync.openDirectConnection(runName, { principal });
        try {
          const runDoc = runConnection.document;
          if (!runDoc) throw new Error(`run document ${runName} did not open`);
          initRunDoc(
            runDoc,
            { runId, workflowId, versionId, requestedBy, createdAt, graph: validation.graph },
            SERVER_ORIGIN,
          );
          await persistence.whenDurable(runName);
        } finally {
          await runConnection.disconnect();
        }
        setLastRunId(doc, runId, SERVER_ORIGIN);
        await persistence.whenDurable(workflowName);

        try {
          await deps.enqueue({ runId, workspaceId });
        } catch (error) {
          await runs.update(runId, {
            status: 'failed',
            error: 'could not enqueue the run',
            finishedAt: deps.now(),
          });
          throw error;
        }
        logger.info({ runId, workflowId, workspaceId, nodes: validation.order.length }, 'run queued');
        return view(row);
      } finally {
        await workflow.disconnect();
      }
    },

    async list(workspaceId, workflowId) {
      return (await runs.listByWorkflow(workspaceId, workflowId, 50)).map(view);
    },

    async get(workspaceId, runId) {
      const row = await runs.get(runId);
      if (!row || row.workspaceId !== workspaceId)
        throw new HttpError(404, ErrorCodes.notFound, `run ${runId} not found`);
      return view(row);
    },
  };
}
