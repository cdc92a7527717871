import { agentNode, inputNode, link, outputNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

const SAMPLE_TRANSCRIPT = `Maya: Let's decide on the launch date. Marketing needs two weeks.
Jon: QA found two blockers in the export flow; fix ETA is Thursday.
Maya: Then we launch on the 14th, not the 7th. Jon owns the blockers.
Priya: I'll update the pricing page and send the announcement draft by Monday.
Jon: We still don't know whether the EU data residency work is in scope.
Maya: Open question — I'll ask legal.`;

export const meetingNotesSummarizer: WorkflowTemplate = {
  id: 'meeting-notes-summarizer',
  name: 'Meeting notes summarizer',
  description:
    'Condenses a transcript, pulls out decisions and action items in parallel, and writes the follow-up ' +
    'email with owners and dates.',
  tags: ['productivity', 'summarize', 'parallel'],
  graph: {
    name: 'Meeting notes summarizer',
    nodes: [
      inputNode(
        'transcript',
        'Transcript',
        [
          {
            name: 'transcript',
            type: 'text',
            default: SAMPLE_TRANSCRIPT,
            description: 'Raw notes or transcript',
          },
        ],
        0,
        1,
      ),
      agentNode(
        'summary',
        { label: 'Summary', preset: 'summarizer', userPrompt: '{{input.transcript}}' },
        1,
        1,
      ),
      agentNode(
        'decisions',
        {
          label: 'Decisions',
          preset: 'custom',
          systemPrompt: 'List every decision made in the meeting, one line each, with who made it.',
          userPrompt: '{{input.transcript}}',
        },
        2,
        0,
      ),
      agentNode(
        'actions',
        {
          label: 'Action items',
          preset: 'custom',
          systemPrompt:
            'List every action item as "owner — task — due date". Mark a missing owner or date as "unassigned".',
          userPrompt: '{{input.transcript}}',
        },
        2,
        2,
      ),
      agentNode(
        'email',
        {
          label: 'Follow-up email',
          preset: 'writer',
          userPrompt:
            'Write the follow-up email to attendees.\n\nSummary:\n{{nodes.summary.output}}\n\n' +
            'Decisions:\n{{nodes.decisions.output}}\n\nAction items:\n{{nodes.actions.output}}',
        },
        3,
        1,
      ),
      outputNode('out', 'Follow-up', 4, 1),
    ],
    edges: [
      link('transcript', 'summary'),
      link('summary', 'decisions'),
      link('summary', 'actions'),
      link('summary', 'email'),
      link('decisions', 'email'),
      link('actions', 'email'),
      link('email', 'out'),
    ],
  },
};
