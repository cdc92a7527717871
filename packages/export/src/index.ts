// @synapse/export: a workflow as plain code (Python or TypeScript) that runs without Synapse.

export {
  buildExportPlan,
  ExportError,
  type ExportErrorCode,
  type ExportPlan,
  type PlanNode,
} from './buildExportPlan';
export { exportFileName } from './describeExport';
export { type ExportLanguage, type ExportOptions, exportWorkflow } from './exportWorkflow';
