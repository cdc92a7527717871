import type { WorkflowGraph } from '@synapse/schema';
import { codeReviewAgent } from './catalog/codeReviewAgent';
import { gitHubRepoMonitor } from './catalog/gitHubRepoMonitor';
import { linkedInPostPublisher } from './catalog/linkedInPostPublisher';
import { meetingNotesSummarizer } from './catalog/meetingNotesSummarizer';
import { researchWriteCritiqueEdit } from './catalog/researchWriteCritiqueEdit';
import { supportTicketRouter } from './catalog/supportTicketRouter';
import type { WorkflowTemplate } from './WorkflowTemplate';

/** The gallery, in the order it is shown. */
export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  researchWriteCritiqueEdit,
  linkedInPostPublisher,
  gitHubRepoMonitor,
  codeReviewAgent,
  supportTicketRouter,
  meetingNotesSummarizer,
];

/** What a fresh install's empty workspace starts with: one linear and one routed workflow. */
export const DEMO_TEMPLATE_IDS: readonly string[] = ['research-write-critique-edit', 'support-ticket-router'];

export function templateById(id: string): WorkflowTemplate | undefined {
  return WORKFLOW_TEMPLATES.find((t) => t.id === id);
}

/** A deep copy of the template's graph (named `name`), safe to write into a new workflow document. */
export function instantiateTemplate(template: WorkflowTemplate, name = template.name): WorkflowGraph {
  // Templates are plain JSON, so a JSON round trip is a complete deep copy.
  return { ...(JSON.parse(JSON.stringify(template.graph)) as WorkflowGraph), name };
}
