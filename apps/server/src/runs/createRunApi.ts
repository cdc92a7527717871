import type { Hocuspocus } from '@hocuspocus/server';
import type { RunIdempotencyRepo } from '@synapse/db';
import { ErrorCodes, isTerminalRunStatus, newId, readRun, readRunOutputs, runDocName } from '@synapse/schema';
import type { ApiRun, RunEvent, RunVersion } from '@synapse/schema/api';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import type { RunService, RunView } from './createRunService';
import { observeRunEvents } from './observeRunEvents';

/** How often a streamed run's row is checked, in case its document never reports the end. */
const ROW_CHECK_MS = 15_000;

export interface RunApi {
  /**
   * Starts a run, or with an idempotency key already used by this caller in this workspace within 24
   * hours, answers with the run that key started (`replayed`). The key reserves its run's id when first
   * claimed, so a retry that takes over a slow request's claim starts, or answers with, that same run.
   */
  start(request: {
    principal: Principal;
    workspaceId: string;
    workflowId: string;
    inputs: Record<string, string | number | boolean>;
    version?: RunVersion;
    idempotencyKey?: string;
    /** Recorded on the run; default `api`. */
    trigger?: string;
    /**
     * The run's id as the caller's own run-start key reserved it (a webhook delivery id): a run already
     * made under it is answered as is (`replayed`). Not with `idempotencyKey`, which reserves its own.
     */
    runId?: string;
  }): Promise<{ run: ApiRun; replayed: boolean }>;
  get(principal: Principal, workspaceId: string, runId: string): Promise<ApiRun>;
  cancel(principal: Principal, workspaceId: string, runId: string): Promise<ApiRun>;
  /** Resolves once the run has finished (true), or `ms` have passed or `signal` aborted (false). */
  waitFor(
    principal: Principal,
    workspaceId: string,
    runId: string,
    ms: number,
    signal?: AbortSignal,
  ): Promise<boolean>;
  /**
   * Emits the run's events (replaying what already happened) until it finishes or `signal` aborts; the
   * last event of a finished run is `run.finished` with its outputs.
   */
  watch(
    principal: Principal,
    workspaceId: string,
    runId: string,
    emit: (event: RunEvent) => Promise<void> | void,
    signal: AbortSignal,
  ): Promise<void>;
}

/** The run API's idempotency is per caller: a token, or a signed-in user. */
function callerOf(principal: Principal): string {
  if (principal.kind === 'token') return `token:${principal.tokenId}`;
  return principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.id}`;
}

/**
 * The run API (/api/v1) over the run service: starting, reading and cancelling runs as API shapes, waiting
 * for and streaming a run by observing its run document on the sync server (the document the runner
 * writes; no polling of the database).
 */
export function createRunApi(deps: {
  runs: RunService;
  sync: Hocuspocus;
  idempotency: RunIdempotencyRepo;
  now(): number;
}): RunApi {
  const { runs, sync } = deps;

  async function outputsOf(principal: Principal, view: RunView): Promise<Record<string, string> | null> {
    if (!isTerminalRunStatus(view.status)) return null;
    // The runner stores them on the row when it ends the run (migration 0017). Runs that ended another
    // way (cancelled while queued, failed by the sweeper) or before that are read from their document.
    if (view.outputs) return view.outputs;
    const connection = await sync.openDirectConnection(runDocName(view.workspaceId, view.id), { principal });
    try {
      return connection.document ? readRunOutputs(readRun(connection.document)) : {};
    } finally {
      await connection.disconnect();
    }
  }

  async function toApiRun(principal: Principal, view: RunView): Promise<ApiRun> {
    return {
      runId: view.id,
      workflowId: view.workflowId,
      status: view.status,
      versionId: view.versionId,
      inputs: view.inputs,
      outputs: await outputsOf(principal, view),
      error: view.error,
      createdAt: view.createdAt,
      startedAt: view.startedAt,
      finishedAt: view.finishedAt,
      documentName: view.documentName,
      trigger: view.trigger,
      parentRunId: view.parentRunId,
      parentNodeId: view.parentNodeId,
    };
  }

  /** Observes the run document until `until` says stop; resolves with whether the run finished. */
  async function observe(
    principal: Principal,
    workspaceId: string,
    runId: string,
    onEvent: (event: RunEvent) => void,
    stop: Promise<void>,
  ): Promise<boolean> {
    await runs.get(workspaceId, runId);
    const connection = await sync.openDirectConnection(runDocName(workspaceId, runId), { principal });
    let unobserve = () => {};
    try {
      const doc = connection.document;
      if (!doc) throw new Error(`run document of ${runId} did not open`);
      let finish = () => {};
      const terminal = new Promise<boolean>((resolve) => {
        finish = () => resolve(true);
      });
      unobserve = observeRunEvents(doc, onEvent, () => finish());
      return await Promise.race([terminal, stop.then(() => false)]);
    } finally {
      unobserve();
      await connection.disconnect();
    }
  }

  return {
    async start({ principal, workspaceId, workflowId, inputs, version, idempotencyKey, trigger, runId }) {
      const asText: Record<string, string> = {};
      for (const [name, value] of Object.entries(inputs)) asText[name] = String(value);
      // Automation runs what was published unless it names the draft or a version (issue 13); the run
      // service validates the inputs against that version's Input nodes.
      const chosen = version ?? 'published';
      const startRun = async (reserved: string | undefined) => {
        const started = await runs.start({
          principal,
          workspaceId,
          workflowId,
          inputs: asText,
          version: chosen === 'draft' || chosen === 'published' ? chosen : { versionId: chosen },
          trigger: trigger ?? 'api',
          ...(reserved ? { runId: reserved } : {}),
        });
        return { run: await toApiRun(principal, started.run), replayed: !started.created };
      };
      if (!idempotencyKey) return startRun(runId);
      const key = { workspaceId, caller: callerOf(principal), key: idempotencyKey };
      const claim = await deps.idempotency.claim({ ...key, workflowId, now: deps.now(), runId: newId() });
      if (claim.kind !== 'claimed' && claim.workflowId !== workflowId)
        throw new HttpError(
          422,
          ErrorCodes.invalidRequest,
          `this Idempotency-Key already started a run of workflow ${claim.workflowId}; use a new key for another workflow`,
        );
      if (claim.kind === 'existing')
        return { run: await toApiRun(principal, await runs.get(workspaceId, claim.runId)), replayed: true };
      if (claim.kind === 'pending')
        throw new HttpError(
          409,
          ErrorCodes.conflict,
          'a request with this Idempotency-Key is still starting its run; retry shortly',
        );
      // The key's reserved run id: an earlier request whose claim this one took over (it seemed dead) and
      // this one start that run once between them, and both answer with it.
      let started: Awaited<ReturnType<typeof startRun>>;
      try {
        started = await startRun(claim.runId);
      } catch (error) {
        await deps.idempotency.release({ ...key, claimedAt: claim.claimedAt });
        throw error;
      }
      await deps.idempotency.complete({ ...key, runId: claim.runId });
      return started;
    },

    async get(principal, workspaceId, runId) {
      return toApiRun(principal, await runs.get(workspaceId, runId));
    },

    async cancel(principal, workspaceId, runId) {
      return toApiRun(principal, await runs.cancel({ principal, workspaceId, runId }));
    },

    async waitFor(principal, workspaceId, runId, ms, signal) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort = () => {};
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        // A client that went away stops the wait (and its document connection) at once.
        onAbort = () => resolve();
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await observe(principal, workspaceId, runId, () => {}, timeout);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },

    async watch(principal, workspaceId, runId, emit, signal) {
      // Events are written in order: each waits for the one before it to be sent.
      let chain = Promise.resolve();
      const send = (event: RunEvent) => {
        chain = chain.then(() => emit(event)).catch(() => undefined);
      };
      const aborted = new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      // The run's row ends before its document (the runner's lifecycle). Should the document here never
      // end — its last updates cut off with Redis, say — the stream still ends, from the row.
      let rowCheck: ReturnType<typeof setInterval> | undefined;
      const rowFinished = new Promise<void>((resolve) => {
        rowCheck = setInterval(() => {
          runs
            .get(workspaceId, runId)
            .then((row) => isTerminalRunStatus(row.status) && resolve())
            .catch(() => undefined);
        }, ROW_CHECK_MS);
      });
      let finished: boolean;
      try {
        finished = await observe(principal, workspaceId, runId, send, Promise.race([aborted, rowFinished]));
      } finally {
        clearInterval(rowCheck);
      }
      await chain;
      if (signal.aborted) return;
      const view = await runs.get(workspaceId, runId);
      if (finished || isTerminalRunStatus(view.status))
        await emit({ event: 'run.finished', data: await toApiRun(principal, view) });
    },
  };
}
