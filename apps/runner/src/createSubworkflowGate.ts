import { createHash } from 'node:crypto';
import {
  findCalledVersion,
  type PublishedVersionRepo,
  type RunJob,
  type RunRow,
  type SubworkflowRunsRepo,
  type VersionRepo,
} from '@synapse/db';
import {
  checkRunnable,
  describeCallCycle,
  describeCallTooDeep,
  indexDocName,
  initRunDoc,
  liveWorkflowNames,
  newId,
  normalizeGraph,
  RUNNER_ORIGIN,
  readRun,
  runDocName,
  SUBWORKFLOW_MAX_DEPTH,
  updateNodeRun,
  updateRunMeta,
  type WorkflowGraph,
} from '@synapse/schema';
import type { RunWriter } from './createRunWriter';
import type { RunDocument } from './openRunDocument';
import type { SubworkflowGate, SubworkflowOutcome } from './RunNodeContext';

export interface SubworkflowGateDeps {
  links: Pick<SubworkflowRunsRepo, 'createChild' | 'childOf' | 'ancestry'>;
  versions: Pick<VersionRepo, 'get'>;
  published: Pick<PublishedVersionRepo, 'get'>;
  openDocument(documentName: string): Promise<RunDocument>;
  /**
   * Sends a run job. `jobId` makes the send idempotent: a child's job sent again (a parent re-asking
   * after a crash between creating the child and queueing it) is the same job, never a second runner.
   */
  enqueue(job: RunJob, jobId?: string): Promise<void>;
  /** How long a child run may take before the sweeper fails it. */
  runDeadlineMs: number;
  now(): number;
}

/** A fixed pg-boss job id (UUID-shaped) for a child run's first job. */
export function childJobId(runId: string): string {
  const hex = createHash('sha256').update(`subworkflow-child:${runId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The durable Sub-workflow gate of one run (ADR 0024). The first call of a node re-checks the call
 * (chain and version may have changed since intake: "published" moves), creates its child run — a run
 * of its own, frozen at the called version, requested by the same user, linked to this run and node —
 * writes its run document and queues it; the node waits and the run parks. When the child ends it
 * queues this run again, and the node's next call answers with the child's stored outputs or error.
 */
export function createSubworkflowGate(
  deps: SubworkflowGateDeps,
  parent: { run: RunRow; writer: RunWriter },
): SubworkflowGate {
  const { run } = parent;

  /** Live workflow id → name, from the workspace index (archived ones are deleted for calls). */
  async function workflowNames(): Promise<Map<string, string>> {
    const index = await deps.openDocument(indexDocName(run.workspaceId));
    try {
      return liveWorkflowNames(index.doc);
    } finally {
      await index.close();
    }
  }

  /**
   * Why a new child cannot start, or the child — with the graph it runs, checked, when this call created
   * it, so `start` need not read the called version again.
   */
  async function plan(
    nodeId: string,
    request: Parameters<SubworkflowGate['call']>[1],
  ): Promise<{ refused: string } | { child: RunRow; graph?: WorkflowGraph }> {
    const names = await workflowNames();
    const nameOf = (workflowId: string) => names.get(workflowId) ?? workflowId;
    if (!names.has(request.workflowId))
      return { refused: 'the called workflow does not exist in this workspace (it may have been deleted)' };
    const ancestry = await deps.links.ancestry(run.id);
    const chain = [...ancestry.map((a) => nameOf(a.workflowId)), nameOf(request.workflowId)];
    if (ancestry.some((a) => a.workflowId === request.workflowId))
      return { refused: describeCallCycle(chain) };
    if (ancestry.length > SUBWORKFLOW_MAX_DEPTH) return { refused: describeCallTooDeep(chain) };
    const found = await findCalledVersion(deps, { ...request, workspaceId: run.workspaceId });
    if (!found)
      return {
        refused: `${nameOf(request.workflowId)} has no ${request.versionId ? 'such saved version' : 'published version'}`,
      };
    const check = checkRunnable(normalizeGraph(found.version.graph), request.inputs);
    if (!check.ok) return { refused: `${nameOf(request.workflowId)} cannot run: ${check.message}` };
    const createdAt = deps.now();
    const { run: child, created } = await deps.links.createChild({
      id: newId(),
      workspaceId: run.workspaceId,
      workflowId: request.workflowId,
      versionId: found.version.id,
      requestedBy: run.requestedBy,
      inputs: check.inputs,
      createdAt,
      deadlineAt: createdAt + deps.runDeadlineMs,
      versionSource: found.source,
      ...(found.version.name !== undefined ? { versionName: found.version.name } : {}),
      parentRunId: run.id,
      parentNodeId: nodeId,
    });
    // Another attempt created the node's child first: it may run another version ("published" moved)
    // or other inputs, so `start` reads what that child runs.
    return created ? { child, graph: check.graph } : { child };
  }

  /** The checked graph of a child created by an earlier attempt, from its version. */
  async function frozenGraphOf(child: RunRow): Promise<WorkflowGraph> {
    const version = await deps.versions.get(child.versionId);
    if (!version) throw new Error(`child run ${child.id}: version ${child.versionId} is missing`);
    const check = checkRunnable(normalizeGraph(version.graph), child.inputs);
    if (!check.ok) throw new Error(`child run ${child.id}: ${check.message}`);
    return check.graph;
  }

  /**
   * Writes a queued child's run document (unless a first attempt did) and sends its job. `planned`: the
   * graph `plan` checked when this call created the child; a child an earlier attempt created (a crash
   * came between creating and queueing it) is read from its version.
   */
  async function start(child: RunRow, planned?: WorkflowGraph): Promise<void> {
    const graph = planned ?? (await frozenGraphOf(child));
    const document = await deps.openDocument(runDocName(child.workspaceId, child.id));
    try {
      if (!readRun(document.doc)) {
        document.update((doc) => {
          initRunDoc(
            doc,
            {
              runId: child.id,
              workflowId: child.workflowId,
              versionId: child.versionId,
              requestedBy: child.requestedBy,
              createdAt: child.createdAt,
              graph,
            },
            RUNNER_ORIGIN,
          );
          updateRunMeta(
            doc,
            {
              inputs: child.inputs,
              ...(child.versionSource === 'published' || child.versionSource === 'version'
                ? { versionSource: child.versionSource }
                : {}),
              ...(child.versionName !== null ? { versionName: child.versionName } : {}),
              parentRunId: run.id,
              parentNodeId: child.parentNodeId ?? '',
            },
            RUNNER_ORIGIN,
          );
        });
      }
      await document.whenAcknowledged();
    } finally {
      await document.close();
    }
    await deps.enqueue({ runId: child.id, workspaceId: child.workspaceId }, childJobId(child.id));
  }

  return {
    async call(nodeId, request): Promise<SubworkflowOutcome> {
      let child = await deps.links.childOf(run.id, nodeId);
      let graph: WorkflowGraph | undefined;
      if (!child) {
        const planned = await plan(nodeId, request);
        if ('refused' in planned) return { state: 'failed', childRunId: null, error: planned.refused };
        ({ child, graph } = planned);
      }
      const childRunId = child.id;
      parent.writer.update((doc) =>
        updateNodeRun(doc, nodeId, { childRunId, childWorkflowId: child.workflowId }, RUNNER_ORIGIN),
      );
      if (child.status === 'succeeded')
        return { state: 'succeeded', childRunId, outputs: child.outputs ?? {} };
      if (child.status === 'failed')
        return {
          state: 'failed',
          childRunId,
          error: `the called workflow's run failed: ${child.error ?? 'no reason given'}`,
        };
      if (child.status === 'cancelled')
        return { state: 'failed', childRunId, error: "the called workflow's run was cancelled" };
      // Never claimed: either just created, or a crash came between creating it and queueing it.
      if (child.startedAt === null) await start(child, graph);
      return { state: 'running', childRunId };
    },
  };
}

/**
 * After a run ended: if it is a child whose parent is parked, queue the parent again to take the child's
 * result, under a job id derived from the child (recorded on the parent's row). Called after every ending
 * a runner writes, and again by a redelivered job of an ended run and by the sweeper, so a crash between
 * the ending and this step — or a failed send after it, while the parent is still queued by this child and
 * unclaimed — delays the parent but never strands it; resending that id adds no second job.
 */
export async function resumeParentOf(
  deps: Pick<SubworkflowGateDeps, 'enqueue' | 'now'> & { links: Pick<SubworkflowRunsRepo, 'resumeParent'> },
  run: Pick<RunRow, 'id' | 'parentRunId'>,
): Promise<{ runId: string } | null> {
  if (!run.parentRunId) return null;
  const parent = await deps.links.resumeParent(run.id, deps.now());
  if (parent) await deps.enqueue({ runId: parent.runId, workspaceId: parent.workspaceId }, parent.jobId);
  return parent;
}
