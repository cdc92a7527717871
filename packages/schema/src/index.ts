// @synapse/schema: document layouts as typed accessors over Y.Doc, migrations, pure DAG logic,
// transaction origins and error codes. Contract: docs/contracts/schema-api.md; wire-level layout:
// docs/document-schema.md.

export { addNode, type NewNode } from './addNode';
export { AGENT_PRESETS, type AgentPreset, agentPreset } from './agentPresets';
export {
  APPROVAL_DECISIONS,
  type ApprovalDecision,
  type ApprovalRequest,
  readApprovalRequest,
} from './approvalRequest';
export { AUDIT_KINDS, type AuditKind, type AuditKindGroup } from './auditKinds';
export {
  checkRunnable,
  findNodeConfigIssues,
  type RunnableCheck,
  type RunnableErrorCode,
} from './checkRunnable';
export {
  CLIPBOARD_FORMAT,
  CLIPBOARD_VERSION,
  type ClipboardParse,
  type ClipboardPayload,
  parseClipboardPayload,
  toClipboardPayload,
} from './clipboardPayload';
export { type ConnectRefusal, type ConnectResult, connect, disconnect, type NewEdge } from './connect';
export {
  createSavedTracker,
  type SavedTracker,
  type SavedTrackerOptions,
  type SavedTrackerProvider,
} from './createSavedTracker';
export { createUndoManager, UNDO_CAPTURE_MS } from './createUndoManager';
export { type DerivedGraph, deriveValidGraph } from './deriveValidGraph';
export {
  type DiffOptions,
  diffWorkflows,
  isEmptyDiff,
  type NodeChange,
  type WorkflowDiff,
} from './diffWorkflows';
export {
  type DocRef,
  indexDocName,
  isValidId,
  newId,
  parseDocName,
  runDocName,
  workflowDocName,
} from './docNames';
export { docSchemaVersion } from './docSchemaVersion';
export { edgeId } from './edgeId';
export { type ErrorCode, ErrorCodes } from './errorCodes';
export { findCycleEdges } from './findCycleEdges';
export {
  describeUnknownReference,
  findUnknownReferences,
  type UnknownReference,
} from './findUnknownReferences';
export {
  type AgentNodeData,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type GraphEdge,
  type GraphNode,
  type InputVariable,
  type InputVariableType,
  type ModelRef,
  type NodeType,
  type Position,
  type RouterBranch,
  type RouterMatch,
  type RouterNodeData,
  type WorkflowGraph,
} from './graphTypes';
export {
  createWorkflowEntry,
  INDEX_SCHEMA_VERSION,
  type IndexMaps,
  indexMaps,
  liveWorkflowNames,
  readWorkflowIndex,
  removeWorkflowEntry,
  updateWorkflowEntry,
  upsertWorkflowEntry,
  type WorkflowEntry,
} from './indexDoc';
export { MAP_ITEM_SHOWN_OUTPUT, readMapItems, startMapItems, updateMapItem } from './mapItemRuns';
export {
  type DocKind,
  type DocMigration,
  latestSchemaVersion,
  migrateDoc,
  migrations,
} from './migrations';
export { moveNode } from './moveNode';
export {
  DEFAULT_USER_PROMPT,
  defaultNodeData,
  defaultRouterBranches,
  isExecutableNodeType,
  isNodeType,
  NODE_TYPES,
} from './nodeDefaults';
export {
  duplicateKeys,
  isNodeKey,
  keyFromLabel,
  NODE_KEY_PATTERN,
  nodeKeysOf,
  referenceNameOf,
  referenceTargets,
  uniqueKey,
} from './nodeKeys';
export {
  type AgentCallSettings,
  agentCallSettings,
  agentDataOf,
  agentNode,
  MAX_TOOL_ITERATIONS,
} from './nodes/agent';
export {
  APPROVED_HANDLE,
  type ApprovalField,
  type ApprovalNodeData,
  approvalDataOf,
  approvalNode,
  approvalOutputOf,
  TIMEOUT_HANDLE,
} from './nodes/approval';
export {
  HTTP_LIMITS,
  HTTP_METHODS,
  type HttpBodyType,
  type HttpHeader,
  type HttpMethod,
  type HttpNodeData,
  httpDataOf,
  httpMethodHasBody,
  httpNode,
  httpTemplateFields,
  type RenderedHttpRequest,
  readHttpHeaders,
  renderHttpRequest,
} from './nodes/http';

export { type InputNodeData, inputNode, inputNodeOutput, inputVariablesOf } from './nodes/input';
export {
  DEFAULT_MAP_PROMPT,
  MAP_DEFAULT_CONCURRENCY,
  MAP_FAILURE_POLICIES,
  MAP_LIST_FORMATS,
  MAP_MAX_CONCURRENCY,
  MAP_MAX_ITEMS,
  type MapCallSettings,
  type MapFailurePolicy,
  type MapItemsResult,
  type MapListFormat,
  type MapNodeData,
  mapCallSettings,
  mapDataOf,
  mapNode,
  renderMapPrompt,
  splitMapItems,
} from './nodes/map';
export type {
  DataFieldKind,
  NodeCheckContext,
  NodeDefinition,
  NodeTemplate,
  RunnableIssue,
} from './nodes/NodeDefinition';
export { NODE_DEFINITIONS, nodeDefinition, nodeTemplates } from './nodes/nodeDefinitions';
export { type NoteNodeData, noteNode } from './nodes/note';
export { type OutputNodeData, outputNode } from './nodes/output';
export { ROUTER_RETRIES, routerDataOf, routerInstruction, routerNode } from './nodes/router';
export {
  type CallChainProblem,
  type CallChainRoot,
  describeCallCycle,
  describeCallTooDeep,
  findCallProblem,
  findCallProblemSync,
  type ResolvedCall,
  readSubworkflowInputs,
  SUBWORKFLOW_MAX_CALLS,
  SUBWORKFLOW_MAX_DEPTH,
  type SubworkflowCall,
  type SubworkflowInput,
  type SubworkflowNodeData,
  subworkflowCallsOf,
  subworkflowDataOf,
  subworkflowInputsOf,
  subworkflowNode,
  subworkflowOutputOf,
} from './nodes/subworkflow';
export { normalizeGraph } from './normalizeGraph';
export {
  isTxOrigin,
  MIGRATION_ORIGIN,
  type OriginKind,
  RUNNER_ORIGIN,
  SERVER_ORIGIN,
  type TxOrigin,
  USER_ORIGIN,
} from './origins';
export {
  DEFAULT_FRAME_LIMITS,
  type FrameHead,
  type FrameKind,
  type FrameLimits,
  type FrameParse,
  MessageType,
  type ParsedFrame,
  parseFrame,
  readFrameHead,
  readFrameType,
  SyncStep,
} from './parseFrame';
export { applyPaste, type PasteOptions, type PastePlan, planPaste } from './planPaste';
export { pruneDanglingEdges } from './pruneDanglingEdges';
export { readNodeRunStatuses, readRun } from './readRun';
export { readRunOutputs } from './readRunOutputs';
export { readWorkflow } from './readWorkflow';
export { removeNode } from './removeNode';
export {
  malformedReferences,
  type PlaceholderKind,
  renderTemplate,
  type TemplateContext,
  type TemplateEncoder,
  templateFieldReferences,
  templateReferences,
  templateSecretNames,
} from './renderTemplate';
export { replaceText } from './replaceText';
export {
  checkRunInput,
  declaredRunInputs,
  type ResolvedInputs,
  type RunInputIssue,
  type RunInputIssueKind,
  resolveRunInputs,
} from './resolveRunInputs';
export { restoreWorkflowGraph } from './restoreWorkflowGraph';
export {
  appendNodeOutput,
  checkNodeRunPatch,
  countMemoryUse,
  getNodeOutputText,
  initRunDoc,
  isTerminalRunStatus,
  MAP_ITEM_STATUSES,
  type MapItemRun,
  type MapItemStatus,
  type MemoryReadRecord,
  NODE_RUN_STATUSES,
  type NodeAttempt,
  type NodeRunPatch,
  type NodeRunState,
  type NodeRunStatus,
  type NodeRunWrite,
  RUN_SCHEMA_VERSION,
  RUN_STATUSES,
  RUN_VERSION_SOURCES,
  type RunMaps,
  type RunMeta,
  type RunSnapshot,
  type RunStatus,
  type RunTotals,
  type RunVersionSource,
  resetNodeOutput,
  runMaps,
  TOOL_CALL_STATUSES,
  type ToolCallRecord,
  type ToolCallStatus,
  updateNodeRun,
  updateRunMeta,
  writeNodeRuns,
} from './runDoc';
export {
  encodeSavedQuery,
  encodeSavedReply,
  parseSavedQuery,
  parseSavedReply,
  type SavedReply,
} from './savedQuery';
export {
  isHostListWithin,
  isSecretHostAllowed,
  MAX_SECRET_HOSTS,
  normalizeSecretHost,
  type ScopedSecret,
  splitHostList,
} from './secretHosts';
export { isSecretName, SECRET_NAME_PATTERN } from './secretName';
export { getNodeText, type JsonValue, setNodeField } from './setNodeField';
export { type SetNodeKeyResult, setNodeKey } from './setNodeKey';
export { snapshotCovers } from './snapshotCovers';
export {
  INVALID_OUTPUT_PREFIX,
  MAX_OUTPUT_PROBLEMS,
  OUTPUT_PROBLEMS,
  type OutputField,
  type OutputSchema,
  outputField,
  outputSchemaConfig,
  parseStructuredOutput,
  type StructuredParse,
  schemaHasPath,
  structuredOutputInstruction,
  structuredRepairParts,
  validateOutput,
} from './structuredOutput';
export {
  type CloseAction,
  type CloseSizes,
  fitCloseReason,
  lookupSyncClose,
  MAX_CLOSE_REASON_BYTES,
  type ReadCloseReason,
  readCloseReason,
  SYNC_CLOSE_REASONS,
  type SyncCloseEvent,
  type SyncCloseLookup,
  type SyncCloseReason,
  type SyncCloseReasonName,
  syncCloseEvent,
} from './syncCloseReasons';
export {
  type SyncTokenClaims,
  signSyncToken,
  type TokenSubjectKind,
  type VerifyResult,
  verifySyncToken,
} from './syncToken';
export { templateInputNames } from './templateInputNames';
export { type TopoSortResult, topoSort } from './topoSort';
export { ancestorsOf, upstreamOf } from './upstreamOf';
export { type GraphValidation, validateGraph } from './validateGraph';
export {
  initWorkflowDoc,
  readWorkflowMeta,
  setLastRunId,
  setWorkflowDescription,
  setWorkflowName,
  WORKFLOW_SCHEMA_VERSION,
  type WorkflowMaps,
  type WorkflowMeta,
  workflowMaps,
} from './workflowDoc';
export {
  type BundledWorkflow,
  bundledWorkflowOf,
  describeUnbundledCall,
  followBundledCalls,
  parseWorkflowFile,
  subworkflowBundleKey,
  toWorkflowFile,
  WORKFLOW_FILE_FORMAT,
  WORKFLOW_FILE_VERSION,
  type WorkflowBundle,
  type WorkflowFile,
  type WorkflowFileResult,
} from './workflowFile';
export { parseWorkflowGraph, workflowGraphSchema } from './workflowGraphSchema';
export {
  PREVIEW_MAX_NODES,
  readWorkflowPreview,
  samePreview,
  summarizeWorkflowGraph,
  type WorkflowPreview,
} from './workflowPreview';
export { writeRunCancelled } from './writeRunCancelled';
export { writeWorkflowGraph } from './writeWorkflowGraph';
