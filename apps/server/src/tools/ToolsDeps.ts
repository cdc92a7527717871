import type { McpServerService } from './createMcpServerService';
import type { MemoryService } from './createMemoryService';
import type { WorkflowToolService } from './createWorkflowToolService';

/** What the [tools] routes need. */
export interface ToolsDeps {
  mcpServers: McpServerService;
  memory: MemoryService;
  workflowTools: WorkflowToolService;
}
