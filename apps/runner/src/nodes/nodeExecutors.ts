import type { NodeType } from '@synapse/schema';
import type { NodeExecutor } from './NodeExecutor';
import { runAgentNode } from './runAgentNode';
import { runApprovalNode } from './runApprovalNode';
import { runHttpNode } from './runHttpNode';
import { runInputNode } from './runInputNode';
import { runMapNode } from './runMapNode';
import { runOutputNode } from './runOutputNode';
import { runRouterNode } from './runRouterNode';
import { runSubworkflowNode } from './runSubworkflowNode';

/** One executor per executable node type (notes never run). A new type adds its executor here. */
export const NODE_EXECUTORS: { readonly [T in NodeType]: NodeExecutor | null } = {
  input: runInputNode,
  output: runOutputNode,
  router: runRouterNode,
  approval: runApprovalNode,
  agent: runAgentNode,
  http: runHttpNode,
  map: runMapNode,
  subworkflow: runSubworkflowNode,
  note: null,
};
