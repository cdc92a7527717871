import type { Hocuspocus } from '@hocuspocus/server';
import type {
  createRunsRepo,
  createVersionRepo,
  PublishedVersionRepo,
  RunJob,
  RunRow,
  SubworkflowRunsRepo,
  WorkflowVersion,
} from '@synapse/db';
import { DEFAULT_RUN_DEADLINE_MS } from '@synapse/db';
import {
  checkRunnable,
  ErrorCodes,
  initRunDoc,
  newId,
  normalizeGraph,
  RUN_STATUSES,
  RUN_VERSION_SOURCES,
  type RunStatus,
  type RunVersionSource,
  readWorkflow,
  readWorkflowMeta,
  runDocName,
  SERVER_ORIGIN,
  setLastRunId,
  updateRunMeta,
  workflowDocName,
  writeRunCancelled,
} from '@synapse/schema';
import * as Y from 'yjs';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { DurablePersistence } from '../sync/createDurablePersistence';
import { checkSubworkflowCalls } from './checkSubworkflowCalls';

export interface RunView extends Omit<RunRow, 'status' | 'versionSource'> {
  status: RunStatus;
  documentName: string;
  versionSource: RunVersionSource | null;
}

/**
 * Which version a run runs. `draft` (the default, what the Run button does): the live document as the
 * server has it now, frozen as a new run version. `published`: the workflow's published version.
 * `{ versionId }`: one saved version of this workflow.
 */
export type RunVersionOption = 'draft' | 'published' | { versionId: string };

export interface RunService {
  /**
   * Starts a run; `created` is false when `runId` was given and a run with that id already existed: that
   * run is answered as is and nothing is written (a run-start key's reserved id, started by an earlier
   * request holding the key).
   */
  start(request: {
    principal: Principal;
    workspaceId: string;
    workflowId: string;
    inputs: Record<string, string>;
    /** Default `draft`. */
    version?: RunVersionOption;
    /** What started the run (`manual`, `api`, `webhook:<id>`), recorded on its row. */
    trigger?: string;
    /** The run's id, reserved by a run-start key (runStartKeys); default a new one. */
    runId?: string;
  }): Promise<{ run: RunView; created: boolean }>;
  list(workspaceId: string, workflowId: string): Promise<RunView[]>;
  get(workspaceId: string, runId: string): Promise<RunView>;
  /**
   * Cancels a run: a queued one at once (its document shows cancelled), a running one through its
   * runner (NOTIFY → AbortController). Cancelling a finished run is a 409.
   */
  cancel(request: { principal: Principal; workspaceId: string; runId: string }): Promise<RunView>;
}

export interface RunServiceDeps {
  sync: Hocuspocus;
  persistence: DurablePersistence;
  runs: ReturnType<typeof createRunsRepo>;
  versions: ReturnType<typeof createVersionRepo>;
  /** Which version is published; without it, `version: 'published'` finds none. */
  published?: PublishedVersionRepo;
  /** `id`: the job id recorded for a resume, so sending it again adds no second job. */
  enqueue(job: RunJob, options?: { id: string }): Promise<void>;
  /** Tells the runner holding a run to abort it. */
  notifyCancel(runId: string): Promise<void>;
  /** How long a run may take before it is failed; the runner aborts it, a sweeper catches dead runners. */
  runDeadlineMs?: number;
  now(): number;
  logger: Logger;
  /** Records run.started and run.cancelled. */
  audit?: AuditRecorder;
  /**
   * Sub-workflow runs (ADR 0024): cancelling a run cancels its active children, and a child cancelled
   * with no runner holding it queues its waiting parent again.
   */
  subworkflowRuns?: Pick<SubworkflowRunsRepo, 'activeChildren' | 'resumeParent'>;
}

/** A run row as the API shows it: a known status, and the name of its run document. */
export function toRunView(row: RunRow): RunView {
  const status = (RUN_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as RunStatus)
    : 'failed';
  const versionSource = RUN_VERSION_SOURCES.find((v) => v === row.versionSource) ?? null;
  return { ...row, status, versionSource, documentName: runDocName(row.workspaceId, row.id) };
}

/**
 * Run intake: validate the graph as it is now, freeze it as an immutable version, create the run row and
 * the run document (durable before we answer), point the workflow at the run, then enqueue the job. The
 * row is created first of the run's writes and only once per id: an attempt that finds its run id taken
 * writes nothing more.
 */
export function createRunService(deps: RunServiceDeps): RunService {
  const { sync, persistence, runs, versions, logger } = deps;

  /** A run already made under a reserved id: of this workflow, or the id was reserved for another. */
  async function existing(workspaceId: string, workflowId: string, runId: string): Promise<RunView | null> {
    const row = await runs.get(runId);
    if (!row) return null;
    if (row.workspaceId !== workspaceId || row.workflowId !== workflowId)
      throw new Error(`run ${runId} exists for another workflow than ${workspaceId}/${workflowId}`);
    return toRunView(row);
  }

  /** The run document as the runner finds it, durable before the run is queued. */
  async function writeRunDocument(
    principal: Principal,
    runName: string,
    init: Parameters<typeof initRunDoc>[1],
    meta: Parameters<typeof updateRunMeta>[1],
  ): Promise<void> {
    const runConnection = await sync.openDirectConnection(runName, { principal });
    try {
      const runDoc = runConnection.document;
      if (!runDoc) throw new Error(`run document ${runName} did not open`);
      initRunDoc(runDoc, init, SERVER_ORIGIN);
      updateRunMeta(runDoc, meta, SERVER_ORIGIN);
      await persistence.whenDurable(runName);
    } finally {
      // Kept warm (already durable): the runner and watchers connect within moments, and a document
      // unloading while they attach would leave them on a destroyed copy.
      await runConnection.disconnect({ unloadImmediately: false });
    }
  }

  async function getRow(workspaceId: string, runId: string): Promise<RunRow> {
    const row = await runs.get(runId);
    if (!row || row.workspaceId !== workspaceId)
      throw new HttpError(404, ErrorCodes.notFound, `run ${runId} not found`);
    return row;
  }

  /** The saved version a run asked for, checked to belong to the workflow. */
  async function savedVersion(
    workspaceId: string,
    workflowId: string,
    choice: Exclude<RunVersionOption, 'draft'>,
  ): Promise<WorkflowVersion> {
    let versionId: string;
    if (choice === 'published') {
      const published = await deps.published?.get(workspaceId, workflowId);
      if (!published) {
        throw new HttpError(
          409,
          ErrorCodes.noPublishedVersion,
          `workflow ${workflowId} has no published version: publish one in Versions, or run the draft`,
        );
      }
      versionId = published.versionId;
    } else versionId = choice.versionId;
    const found = await versions.get(versionId);
    if (!found || found.workspaceId !== workspaceId || found.workflowId !== workflowId)
      throw new HttpError(404, ErrorCodes.notFound, `version ${versionId} not found`);
    return found;
  }

  return {
    async start({ principal, workspaceId, workflowId, inputs, version = 'draft', trigger, runId: reserved }) {
      // Found before anything is checked or frozen: the run started, whatever changed since.
      const found = reserved ? await existing(workspaceId, workflowId, reserved) : null;
      if (found) return { run: found, created: false };
      const requestedBy = principal.kind === 'anonymous' ? 'anonymous' : principal.id;
      const workflowName = workflowDocName(workspaceId, workflowId);
      const workflow = await sync.openDirectConnection(workflowName, { principal });
      try {
        const doc = workflow.document;
        if (!doc) throw new HttpError(404, ErrorCodes.notFound, `workflow ${workflowId} not found`);
        if (readWorkflowMeta(doc).schemaVersion === 0 && doc.getMap('nodes').size === 0) {
          throw new HttpError(404, ErrorCodes.notFound, `workflow ${workflowId} not found`);
        }
        const chosen = version === 'draft' ? null : await savedVersion(workspaceId, workflowId, version);
        // A saved version is checked again: it was saved as the document was, runnable or not.
        const check = checkRunnable(chosen ? normalizeGraph(chosen.graph) : readWorkflow(doc), inputs);
        if (!check.ok) throw new HttpError(422, check.code, check.message, check.details);
        await checkSubworkflowCalls(deps, { workspaceId, workflowId, graph: check.graph });
        const createdAt = deps.now();
        const runId = reserved ?? newId();
        const versionSource: RunVersionSource = chosen
          ? version === 'published'
            ? 'published'
            : 'version'
          : 'draft';
        const versionName = chosen ? (chosen.name ?? undefined) : undefined;
        let versionId: string;
        if (chosen) versionId = chosen.id;
        else {
          versionId = newId();
          await versions.create({
            id: versionId,
            workspaceId,
            workflowId,
            state: Y.encodeStateAsUpdateV2(doc),
            graph: check.graph,
            reason: 'run',
            createdBy: requestedBy,
            createdAt,
          });
        }
        const row = await runs.createOnce({
          id: runId,
          workspaceId,
          workflowId,
          versionId,
          requestedBy,
          inputs: check.inputs,
          createdAt,
          deadlineAt: createdAt + (deps.runDeadlineMs ?? DEFAULT_RUN_DEADLINE_MS),
          versionSource,
          ...(versionName !== undefined ? { versionName } : {}),
          ...(trigger !== undefined ? { trigger } : {}),
        });
        if (!row) {
          // Another request holding the same key created it between the check above and here. A draft
          // version frozen for this attempt stays unreferenced, as when the row's insert itself fails.
          const other = await existing(workspaceId, workflowId, runId);
          if (!other) throw new Error(`run ${runId} was neither created nor found`);
          return { run: other, created: false };
        }
        try {
          await writeRunDocument(
            principal,
            runDocName(workspaceId, runId),
            { runId, workflowId, versionId, requestedBy, createdAt, graph: check.graph },
            { inputs: check.inputs, versionSource, ...(versionName !== undefined ? { versionName } : {}) },
          );
          setLastRunId(doc, runId, SERVER_ORIGIN);
          await persistence.whenDurable(workflowName);
          await deps.enqueue({ runId, workspaceId });
        } catch (error) {
          // Failed at once, not queued for nothing until the deadline sweep: a run-start key holding this
          // run id then starts afresh (its release drops a failed run's id).
          await runs.update(runId, {
            status: 'failed',
            error: 'could not start the run',
            finishedAt: deps.now(),
          });
          throw error;
        }
        logger.info({ runId, workflowId, workspaceId, nodes: check.order.length }, 'run queued');
        await deps.audit?.record({
          workspaceId,
          actor: principal,
          kind: 'run.started',
          target: runId,
          details: { workflowId, version: versionSource, versionId, ...(trigger ? { trigger } : {}) },
        });
        return { run: toRunView(row), created: true };
      } finally {
        await workflow.disconnect();
      }
    },

    async list(workspaceId, workflowId) {
      return (await runs.listByWorkflow(workspaceId, workflowId, 50)).map(toRunView);
    },

    async get(workspaceId, runId) {
      return toRunView(await getRow(workspaceId, runId));
    },

    async cancel({ principal, workspaceId, runId }) {
      return cancelRun(principal, workspaceId, runId);
    },
  };

  /** Cancels a run and then its active child runs (their children in turn). */
  async function cancelRun(principal: Principal, workspaceId: string, runId: string): Promise<RunView> {
    const row = await getRow(workspaceId, runId);
    const at = deps.now();
    const result = await runs.requestCancel(row.id, at);
    if (!result) {
      throw new HttpError(409, ErrorCodes.runFinished, `run ${runId} already finished (${row.status})`, {
        status: row.status,
      });
    }
    const runName = runDocName(workspaceId, runId);
    const connection = await sync.openDirectConnection(runName, { principal });
    try {
      const doc = connection.document;
      if (doc) {
        // Nobody will run a run cancelled while queued or waiting: the server finishes its document itself.
        if (result.status === 'cancelled') writeRunCancelled(doc, at, SERVER_ORIGIN);
        else updateRunMeta(doc, { cancelRequestedAt: at }, SERVER_ORIGIN);
        await persistence.whenDurable(runName);
      }
    } finally {
      await connection.disconnect();
    }
    if (result.status === 'running') await deps.notifyCancel(runId);
    logger.info({ runId, workspaceId, queued: result.status === 'cancelled' }, 'run cancel requested');
    await deps.audit?.record({
      workspaceId,
      actor: principal,
      kind: 'run.cancelled',
      target: runId,
      details: { workflowId: row.workflowId, wasQueued: result.status === 'cancelled' },
    });
    // A child cancelled with no runner holding it ends here: its parked parent goes on (its node fails).
    if (result.status === 'cancelled' && row.parentRunId) {
      const parent = await deps.subworkflowRuns?.resumeParent(runId, at);
      if (parent)
        await deps.enqueue({ runId: parent.runId, workspaceId: parent.workspaceId }, { id: parent.jobId });
    }
    for (const child of (await deps.subworkflowRuns?.activeChildren(runId)) ?? []) {
      await cancelRun(principal, workspaceId, child.id).catch((error: unknown) => {
        // Finished meanwhile (409): nothing left to cancel.
        if (!(error instanceof HttpError)) throw error;
      });
    }
    return toRunView((await runs.get(runId)) ?? row);
  }
}
