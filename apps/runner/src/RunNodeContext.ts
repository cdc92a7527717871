import type { ApprovalRequest } from '@synapse/schema';
import type { CallModel, NodeMemory, NodeToolbox } from './callModel';

/** A Human approval node's decision as its executor needs it. */
export interface ApprovalOutcome {
  decision: 'approved' | 'rejected' | 'timeout';
  /** The approved value as given (a JSON object's text for nodes with fields); null: keep the proposal. */
  value: string | null;
  comment: string | null;
  decidedByName: string | null;
}

/**
 * Where a run's Human approval nodes ask: records (and shows) the request, and answers with the
 * decision when there is one — null means wait. The job handler's gate is durable (run_approvals);
 * `synapse run` answers on the terminal.
 */
export interface ApprovalGate {
  ask(
    nodeId: string,
    request: Pick<ApprovalRequest, 'message' | 'fields' | 'value'> & { timeoutMs: number },
  ): Promise<ApprovalOutcome | null>;
}

/** Where a Sub-workflow node stands with its child run. */
export type SubworkflowOutcome =
  | { state: 'running'; childRunId: string }
  | { state: 'succeeded'; childRunId: string; outputs: Record<string, string> }
  | { state: 'failed'; childRunId: string | null; error: string };

/**
 * Where a run's Sub-workflow nodes start their child runs (ADR 0024). `call` starts the node's child
 * run the first time (a second call for the same node finds the same child, never a second one) and
 * answers where it stands: `running` means the node waits (the run parks until the child ends and
 * resumes it); `failed` with a null `childRunId` means the child could not start (no such workflow or
 * version, a cycle), naming why.
 */
export interface SubworkflowGate {
  call(
    nodeId: string,
    request: { workflowId: string; versionId: string; inputs: Record<string, string> },
  ): Promise<SubworkflowOutcome>;
}

import type { RunWriter } from './createRunWriter';
import type { NodeHttp } from './http/NodeHttp';

/** A node's final state: what the run document shows and what the checkpoint keeps. */
export interface NodeResult {
  /** `waiting`: a Human approval node without a decision yet; not final, never checkpointed. */
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'waiting';
  output: string;
  branch: string | null;
  attempt: number;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  error: string | null;
  errorCode: string | null;
  startedAt: number | null;
  finishedAt: number;
}

export interface RunNodeContext {
  /** Joined outputs of the predecessors whose edges are live. */
  upstream: string;
  /** Finished outputs by node id. */
  outputs: Record<string, string>;
  /** Reference name (key, or legacy id) → node id, for `{{nodes.<name>.output}}`. */
  refs: ReadonlyMap<string, string>;
  inputs: Record<string, string>;
  /** The node had started under an earlier runner: it runs again from scratch and says so. */
  restarted: boolean;
  callModel: CallModel;
  /** The run's workspace tools; without them an agent with tools fails with `synapse.tools.unavailable`. */
  toolbox?: NodeToolbox;
  /** The run's memory bank, for agents that read or write memory. */
  memory?: NodeMemory;
  /** Outbound requests and workspace secrets for HTTP request nodes. */
  http?: NodeHttp;
  /** Where Human approval nodes ask; without it they fail with `synapse.approval.unavailable`. */
  approvals?: ApprovalGate;
  /** Where Sub-workflow nodes start child runs; without it they fail with `synapse.subworkflow.unavailable`. */
  subworkflows?: SubworkflowGate;
  writer: RunWriter;
  signal: AbortSignal;
  onAttempt(): void;
  estimateCost?(
    provider: string,
    model: string,
    usage: { inputTokens: number; outputTokens: number },
  ): number | null;
  now(): number;
}

/** What one routed model call (or a tool loop of them) contributes to the node's result. */
export type CallResult = Pick<
  NodeResult,
  | 'status'
  | 'output'
  | 'attempt'
  | 'provider'
  | 'model'
  | 'inputTokens'
  | 'outputTokens'
  | 'costUsd'
  | 'error'
  | 'errorCode'
>;
