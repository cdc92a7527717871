// @synapse/templates: ready-made workflow graphs for the gallery and a fresh install's demo data.
// Plain data over @synapse/schema types; every agent uses the built-in local model so templates run offline.

export type { WorkflowTemplate } from './WorkflowTemplate';
export {
  DEMO_TEMPLATE_IDS,
  instantiateTemplate,
  templateById,
  WORKFLOW_TEMPLATES,
} from './workflowTemplates';
