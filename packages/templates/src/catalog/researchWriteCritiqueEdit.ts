import { agentNode, inputNode, link, outputNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

export const researchWriteCritiqueEdit: WorkflowTemplate = {
  id: 'research-write-critique-edit',
  name: 'Research → Write → Critique → Edit',
  description:
    'A researcher gathers facts on a topic, a writer drafts an article, a critic reviews the draft and an ' +
    'editor revises it with the review in hand.',
  tags: ['writing', 'research', 'starter'],
  graph: {
    name: 'Research → Write → Critique → Edit',
    nodes: [
      inputNode(
        'topic',
        'Topic',
        [
          {
            name: 'topic',
            type: 'text',
            default: 'What a four-day work week changes for small software teams',
            description: 'What the article is about',
          },
          { name: 'audience', type: 'string', default: 'engineering managers', description: 'Who reads it' },
        ],
        0,
        1,
      ),
      agentNode(
        'research',
        {
          label: 'Researcher',
          preset: 'researcher',
          userPrompt: 'Research this topic for {{input.audience}}:\n\n{{input.topic}}',
        },
        1,
        1,
      ),
      agentNode(
        'draft',
        {
          label: 'Writer',
          preset: 'writer',
          userPrompt:
            'Write a 600-word article for {{input.audience}} on "{{input.topic}}" using only these notes:\n\n' +
            '{{nodes.research.output}}',
        },
        2,
        1,
      ),
      agentNode(
        'critique',
        {
          label: 'Critic',
          preset: 'critic',
          userPrompt: 'Review this draft:\n\n{{nodes.draft.output}}',
        },
        3,
        0,
      ),
      agentNode(
        'edit',
        {
          label: 'Editor',
          preset: 'editor',
          userPrompt:
            'Draft:\n\n{{nodes.draft.output}}\n\nFeedback:\n\n{{nodes.critique.output}}\n\n' +
            'Return the revised article.',
        },
        4,
        1,
      ),
      outputNode('article', 'Final article', 5, 1),
    ],
    edges: [
      link('topic', 'research'),
      link('research', 'draft'),
      link('draft', 'critique'),
      link('draft', 'edit'),
      link('critique', 'edit'),
      link('edit', 'article'),
    ],
  },
};
