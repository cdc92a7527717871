import {
  agentCallSettings,
  agentDataOf,
  checkRunnable,
  ErrorCodes,
  type GraphNode,
  type HttpBodyType,
  type HttpMethod,
  httpDataOf,
  httpMethodHasBody,
  type InputVariableType,
  inputNode,
  inputVariablesOf,
  MAP_MAX_ITEMS,
  type MapFailurePolicy,
  type MapListFormat,
  mapCallSettings,
  mapDataOf,
  type NodeType,
  nodeDefinition,
  nodeTemplates,
  ROUTER_RETRIES,
  type RouterMatch,
  type RunnableErrorCode,
  referenceTargets,
  routerDataOf,
  routerInstruction,
  subworkflowBundleKey,
  subworkflowDataOf,
  templateSecretNames,
  type WorkflowBundle,
  type WorkflowGraph,
} from '@synapse/schema';
import { type ExportProvider, exportProviderOf } from './exportProviders';
import { type PlanStructured, planStructured } from './planStructured';
import { planSubworkflows } from './planSubworkflows';

// Everything an exported script decides at export time, computed with the same schema functions the
// runner uses, so the script only has to do what depends on run inputs and model replies.

/** An incoming edge: the source node and the handle it leaves by (a router's branch id). */
export interface PlanEdge {
  source: string;
  handle: string;
}

export interface PlanModel {
  provider: string;
  model: string;
}

export interface PlanBranch {
  id: string;
  label: string;
  match: RouterMatch | null;
  value: string;
}

interface PlanNodeBase {
  id: string;
  label: string;
  /**
   * Incoming edges sorted by source id in code-unit order, so the sources of the live ones, in this
   * order, are exactly the upstream order `{{input}}` joins in.
   */
  after: PlanEdge[];
}

/** How an agent (or each item of a map) calls its models. */
export interface PlanModelCall {
  models: PlanModel[];
  system: string;
  prompt: string;
  temperature: number | null;
  maxTokens: number | null;
  retries: number;
  /** Deadline of one attempt; null when the node sets none. */
  timeoutMs: number | null;
}

export type PlanNode =
  | (PlanNodeBase & { type: 'input'; variables: string[]; value: string })
  | (PlanNodeBase & { type: 'output' })
  | (PlanNodeBase &
      PlanModelCall & {
        type: 'agent';
        /** The output schema's checks and repair turn; null when the agent replies in free text. */
        structured: PlanStructured | null;
      })
  | (PlanNodeBase &
      /** The prompts take `{{item}}` and `{{index}}` besides the usual placeholders. */
      PlanModelCall & {
        type: 'map';
        /** Template of the list, split by `listFormat` at run time. */
        list: string;
        listFormat: MapListFormat;
        concurrency: number;
        failurePolicy: MapFailurePolicy;
        /** More items than this fails the node (MAP_MAX_ITEMS). */
        maxItems: number;
      })
  | (PlanNodeBase & { type: 'router'; mode: 'rule'; prompt: string; branches: PlanBranch[] })
  | (PlanNodeBase & {
      type: 'router';
      mode: 'llm';
      prompt: string;
      branches: PlanBranch[];
      models: PlanModel[];
      /** The classification instruction, fixed at export time (the runner does not template it). */
      system: string;
      retries: number;
    })
  | (PlanNodeBase & {
      type: 'http';
      method: HttpMethod;
      url: string;
      headers: [name: string, value: string][];
      /** null when the method sends none. */
      body: string | null;
      bodyType: HttpBodyType;
      timeoutMs: number;
      retries: number;
      maxResponseBytes: number;
    })
  | (PlanNodeBase & {
      type: 'subworkflow';
      workflowId: string;
      /** '' = the version that was published when the file was written. */
      versionId: string;
      /** The called workflow in `ExportPlan.subworkflows` (`<workflowId>@<versionId>`). */
      workflow: string;
      /** The child's run inputs and the templates they are rendered from, in the parent. */
      inputs: [name: string, template: string][];
    });

export interface PlanInput {
  name: string;
  type: InputVariableType;
  default: string;
  description: string;
  /** The run refuses an empty value. */
  required: boolean;
}

/** One workflow's part of a plan: the exported workflow's, or that of a workflow it calls. */
export interface PlanGraph {
  name: string;
  /** Executable nodes in code-unit id order (the runner's start order for ready nodes). */
  nodes: PlanNode[];
  /** Declared run inputs in the order defaults are applied (a later declaration of a name wins). */
  inputs: PlanInput[];
  /** What `{{nodes.<name>.output}}` names (`referenceTargets`): keys, and ids for older references. */
  refs: { name: string; id: string }[];
  /**
   * What the run prints: Output nodes, else the sinks; in graph order. For a called workflow, its
   * Output nodes only: what its result is made of (`readRunOutputs`, `subworkflowOutputOf`).
   */
  outputs: { id: string; label: string }[];
}

/** A workflow Sub-workflow nodes call, planned from the file's bundle. */
export interface PlanSubworkflow extends PlanGraph {
  /** `<workflowId>@<versionId>`, as the calling nodes' `workflow`. */
  key: string;
  /** The saved version the bundled graph is. */
  versionId: string;
}

export interface ExportPlan extends PlanGraph {
  /** The workflows Sub-workflow nodes call, at every depth, each once, in the order first called. */
  subworkflows: PlanSubworkflow[];
  /** Providers referenced by any model chain (called workflows' too), known ones only, by id. */
  providers: ExportProvider[];
  /** Provider ids Synapse does not know: always "not configured", as in a Synapse run. */
  unknownProviders: string[];
  /** Secret names HTTP nodes reference; the script reads each from `SYNAPSE_SECRET_<NAME>`. */
  secrets: string[];
}

/**
 * Why a workflow cannot be exported: what `checkRunnable` refuses (run inputs are checked by the
 * script), or a node exported scripts cannot run yet (`exportUnsupported`, naming it).
 */
export type ExportErrorCode =
  | Exclude<RunnableErrorCode, typeof ErrorCodes.runInputs>
  | typeof ErrorCodes.exportUnsupported
  | typeof ErrorCodes.subworkflowNotFound
  | typeof ErrorCodes.subworkflowCycle
  | typeof ErrorCodes.subworkflowTooDeep;

/** A workflow that Synapse itself would refuse to run cannot be exported either. */
export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Code-unit order, as the runner sorts ids (`Array.prototype.sort` without a comparator). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Planner = (node: GraphNode, base: PlanNodeBase) => PlanNode;

/** An agent's or a map's model call as the runner makes it (the definition's clamps applied). */
function modelCall(
  data: { systemPrompt: string; temperature?: number; maxTokens?: number },
  call: { chain: PlanModel[]; retries: number; timeoutMs: number | null },
  prompt: string,
): PlanModelCall {
  return {
    models: call.chain,
    system: data.systemPrompt,
    prompt,
    temperature: data.temperature ?? null,
    maxTokens: data.maxTokens ?? null,
    retries: call.retries,
    timeoutMs: call.timeoutMs,
  };
}

/**
 * One planner per executable node type, reading the type's definition in @synapse/schema (its typed
 * data, clamps and instruction), so an exported script decides exactly what the runner would.
 */
const PLANNERS: { readonly [T in NodeType]: Planner | null } = {
  input: (node, base) => ({
    ...base,
    type: 'input',
    variables: inputVariablesOf(node).map((v) => v.name),
    value: inputNode.read(node).value,
  }),
  output: (_node, base) => ({ ...base, type: 'output' }),
  router: (node, base) => {
    const router = routerDataOf(node);
    const branches = router.branches.map((b) => ({
      id: b.id,
      label: b.label,
      match: b.match ?? null,
      value: b.value ?? '',
    }));
    if (router.mode === 'rule')
      return { ...base, type: 'router', mode: 'rule', prompt: router.userPrompt, branches };
    return {
      ...base,
      type: 'router',
      mode: 'llm',
      prompt: router.userPrompt,
      branches,
      models: [{ provider: router.provider, model: router.model }],
      system: routerInstruction(router.branches, router.systemPrompt),
      retries: ROUTER_RETRIES,
    };
  },
  agent: (node, base) => {
    const agent = agentDataOf(node);
    // Workspace tools (MCP servers, web search) and the memory bank live in Synapse: a script without
    // them would answer differently, so it is refused by name rather than exported without them.
    const needs = [
      ...(agent.tools.length > 0 ? ['tools'] : []),
      ...(agent.memoryRead || agent.memoryWrite ? ['workspace memory'] : []),
    ];
    if (needs.length > 0)
      throw new ExportError(
        ErrorCodes.exportUnsupported,
        `${base.label || node.id}: an agent using ${needs.join(' and ')} cannot be exported (they live in the workspace); run this workflow in Synapse`,
      );
    const call = agentCallSettings(agent);
    return {
      ...base,
      type: 'agent',
      ...modelCall(agent, call, call.prompt),
      structured: planStructured(agent.outputSchema),
    };
  },
  map: (node, base) => {
    const map = mapDataOf(node);
    const call = mapCallSettings(map);
    return {
      ...base,
      type: 'map',
      ...modelCall(map, call, map.userPrompt),
      list: map.list,
      listFormat: map.listFormat,
      concurrency: call.concurrency,
      failurePolicy: map.failurePolicy,
      maxItems: MAP_MAX_ITEMS,
    };
  },
  http: (node, base) => {
    const http = httpDataOf(node);
    return {
      ...base,
      type: 'http',
      method: http.method,
      url: http.url,
      headers: http.headers.map((h): [string, string] => [h.name, h.value]),
      body: httpMethodHasBody(http.method) ? http.body : null,
      bodyType: http.bodyType,
      timeoutMs: http.timeoutMs,
      retries: http.retries,
      maxResponseBytes: http.maxResponseBytes,
    };
  },
  // An exported script runs unattended, with nobody to ask: refused by name (ADR 0023).
  approval: (node) => {
    throw new ExportError(
      ErrorCodes.exportUnsupported,
      `${String(node.data.label || node.id)}: Human approval nodes cannot be exported (a script has nobody to ask); run this workflow in Synapse or with synapse run`,
    );
  },
  // The called graph comes from the file's bundle (planSubworkflows) and runs as a workflow of its own.
  subworkflow: (node, base) => {
    const data = subworkflowDataOf(node);
    return {
      ...base,
      type: 'subworkflow',
      workflowId: data.workflowId,
      versionId: data.versionId,
      workflow: subworkflowBundleKey(data),
      inputs: data.inputs.map((i): [string, string] => [i.name, i.value]),
    };
  },
  note: null,
};

function planNode(node: GraphNode, after: PlanEdge[]): PlanNode {
  const planner = PLANNERS[node.type];
  if (!planner) throw new TypeError(`node ${node.id}: ${node.type} nodes do not run`);
  return planner(node, { id: node.id, label: String(node.data.label ?? ''), after });
}

/** Secret names a graph's HTTP nodes reference. */
function secretsOf(graph: WorkflowGraph): string[] {
  return graph.nodes.flatMap((n) =>
    n.type !== 'note' && nodeDefinition(n.type).acceptsSecrets
      ? nodeTemplates(n).flatMap((t) => templateSecretNames(t.template))
      : [],
  );
}

/**
 * One workflow planned: validated as `runHeadless` validates it (no cycle, something to run, only
 * references to upstream nodes and declared inputs) and every node resolved to what the runner uses.
 * `calledAs` names a called workflow: its errors say so, and its outputs are its Output nodes.
 */
function planGraph(graph: WorkflowGraph, calledAs?: string): PlanGraph & { secrets: string[] } {
  const check = checkRunnable(graph);
  const within = (message: string) => (calledAs ? `In the sub-workflow "${calledAs}": ${message}` : message);
  if (!check.ok) throw new ExportError(check.code as ExportErrorCode, within(check.message));
  const valid = check.graph;

  const executable = valid.nodes.filter((n) => n.type !== 'note');
  const incoming = new Map<string, PlanEdge[]>(executable.map((n) => [n.id, []]));
  for (const e of valid.edges) incoming.get(e.target)?.push({ source: e.source, handle: e.sourceHandle });
  let nodes: PlanNode[];
  try {
    nodes = executable
      .map((n) =>
        planNode(
          n,
          [...(incoming.get(n.id) ?? [])].sort((a, b) => compareIds(a.source, b.source)),
        ),
      )
      .sort((a, b) => compareIds(a.id, b.id));
  } catch (error) {
    if (error instanceof ExportError) throw new ExportError(error.code, within(error.message));
    throw error;
  }

  const inputs = valid.nodes.flatMap((n) =>
    inputVariablesOf(n).map((v) => ({
      name: v.name,
      type: v.type,
      default: v.default,
      description: v.description ?? '',
      required: v.required === true,
    })),
  );

  const outputNodes = valid.nodes.filter((n) => n.type === 'output');
  const sources = new Set(valid.edges.map((e) => e.source));
  const shown =
    outputNodes.length > 0 || calledAs !== undefined
      ? outputNodes
      : valid.nodes.filter((n) => n.type !== 'note' && !sources.has(n.id));
  const outputs = shown.map((n) => ({ id: n.id, label: n.data.label || n.id }));
  const refs = [...referenceTargets(valid)]
    .map(([name, id]) => ({ name, id }))
    .sort((a, b) => compareIds(a.name, b.name));
  return { name: valid.name, nodes, inputs, outputs, refs, secrets: secretsOf(valid) };
}

/**
 * Plans `graph` and, from `subworkflows` (the workflow file's bundle), every workflow it calls, and
 * resolves every node to the values the runner would use. A call the bundle lacks, a cycle or calls
 * nested too deep are refused naming the node.
 */
export function buildExportPlan(graph: WorkflowGraph, subworkflows: WorkflowBundle = {}): ExportPlan {
  const { secrets: mainSecrets, ...main } = planGraph(graph);
  const secrets = new Set(mainSecrets);
  const called = planSubworkflows(graph, subworkflows, (child, name) => {
    const { secrets: childSecrets, ...plan } = planGraph(child, name);
    for (const s of childSecrets) secrets.add(s);
    return plan;
  });
  if (!called.ok) throw new ExportError(called.code, called.message);

  const providerIds = new Set<string>();
  for (const node of [main, ...called.subworkflows].flatMap((g) => g.nodes)) {
    if (node.type === 'agent' || node.type === 'map' || (node.type === 'router' && node.mode === 'llm'))
      for (const m of node.models) providerIds.add(m.provider);
  }
  const providers: ExportProvider[] = [];
  const unknownProviders: string[] = [];
  for (const id of [...providerIds].sort(compareIds)) {
    const provider = exportProviderOf(id);
    if (provider) providers.push(provider);
    else unknownProviders.push(id);
  }
  return {
    ...main,
    subworkflows: called.subworkflows,
    providers,
    unknownProviders,
    secrets: [...secrets].sort(compareIds),
  };
}
