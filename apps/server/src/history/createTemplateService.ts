import { ErrorCodes } from '@synapse/schema';
import {
  instantiateTemplate,
  templateById,
  WORKFLOW_TEMPLATES,
  type WorkflowTemplate,
} from '@synapse/templates';
import type { Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';
import { createWorkflowFromGraph, type WorkflowCreation } from './createWorkflowFromGraph';

export interface TemplateService {
  list(): readonly WorkflowTemplate[];
  /** Creates a workflow from the template in the workspace; 404 for an unknown template. */
  use(request: {
    principal: Principal;
    workspaceId: string;
    templateId: string;
    name?: string;
  }): Promise<{ workflowId: string; name: string }>;
}

export function createTemplateService(deps: WorkflowCreation): TemplateService {
  return {
    list: () => WORKFLOW_TEMPLATES,
    async use({ principal, workspaceId, templateId, name }) {
      const template = templateById(templateId);
      if (!template) throw new HttpError(404, ErrorCodes.notFound, `no template ${templateId}`);
      const title = name?.trim() || template.name;
      return createWorkflowFromGraph(deps, {
        workspaceId,
        graph: instantiateTemplate(template, title),
        name: title,
        principal,
      });
    },
  };
}
