// @synapse/schema: document layouts as typed accessors over Y.Doc, migrations, pure DAG logic,
// transaction origins and error codes. Contract: docs/contracts/schema-api.md; wire-level layout:
// docs/document-schema.md.

export { addNode, type NewNode } from './addNode';
export { type ConnectRefusal, type ConnectResult, connect, disconnect, type NewEdge } from './connect';
export { type DerivedGraph, deriveValidGraph } from './deriveValidGraph';
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
export { findUnknownReferences, type UnknownReference } from './findUnknownReferences';
export {
  type AgentNodeData,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type GraphEdge,
  type GraphNode,
  type NodeType,
  type Position,
  type WorkflowGraph,
} from './graphTypes';
export {
  INDEX_SCHEMA_VERSION,
  type IndexMaps,
  indexMaps,
  readWorkflowIndex,
  removeWorkflowEntry,
  upsertWorkflowEntry,
  type WorkflowEntry,
} from './indexDoc';
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
  isExecutableNodeType,
  isNodeType,
  NODE_TYPES,
} from './nodeDefaults';
export { agentDataOf, normalizeGraph } from './normalizeGraph';
export {
  isTxOrigin,
  MIGRATION_ORIGIN,
  type OriginKind,
  RUNNER_ORIGIN,
  SERVER_ORIGIN,
  type TxOrigin,
  USER_ORIGIN,
} from './origins';
export { pruneDanglingEdges } from './pruneDanglingEdges';
export { readRun } from './readRun';
export { readWorkflow } from './readWorkflow';
export { removeNode } from './removeNode';
export { renderTemplate, type TemplateContext, templateReferences } from './renderTemplate';
export { replaceText } from './replaceText';
export {
  appendNodeOutput,
  getNodeOutputText,
  initRunDoc,
  isTerminalRunStatus,
  NODE_RUN_STATUSES,
  type NodeRunState,
  type NodeRunStatus,
  RUN_SCHEMA_VERSION,
  RUN_STATUSES,
  type RunMaps,
  type RunMeta,
  type RunSnapshot,
  type RunStatus,
  type RunTotals,
  resetNodeOutput,
  runMaps,
  updateNodeRun,
  updateRunMeta,
} from './runDoc';
export { getNodeText, setNodeField } from './setNodeField';
export {
  type SyncTokenClaims,
  signSyncToken,
  type TokenSubjectKind,
  type VerifyResult,
  verifySyncToken,
} from './syncToken';
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
export { parseWorkflowGraph, workflowGraphSchema } from './workflowGraphSchema';
