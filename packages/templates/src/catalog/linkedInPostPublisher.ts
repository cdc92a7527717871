import { agentNode, inputNode, link, noteNode, outputNode, ruleRouterNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

export const linkedInPostPublisher: WorkflowTemplate = {
  id: 'linkedin-post-publisher',
  name: 'LinkedIn post publisher',
  description:
    'Turns a topic into a LinkedIn post: key points, a draft with a hook and hashtags, a compliance check, ' +
    'and a rule router that sends approved posts to "Ready to publish" and the rest to "Needs a human".',
  tags: ['social', 'marketing', 'router'],
  graph: {
    name: 'LinkedIn post publisher',
    nodes: [
      inputNode(
        'brief',
        'Post brief',
        [
          {
            name: 'topic',
            type: 'text',
            default: 'We cut our CI time from 40 to 9 minutes by caching test databases',
            description: 'What the post announces or teaches',
          },
          {
            name: 'tone',
            type: 'string',
            default: 'friendly and concrete',
            description: 'Voice of the post',
          },
        ],
        0,
        1,
      ),
      agentNode(
        'points',
        {
          label: 'Key points',
          preset: 'researcher',
          userPrompt: 'List the 3–5 points a professional audience should take away from: {{input.topic}}',
        },
        1,
        1,
      ),
      agentNode(
        'post',
        {
          label: 'Post writer',
          preset: 'writer',
          systemPrompt:
            'You are a LinkedIn ghostwriter. Write posts under 1,300 characters: a one-line hook, short ' +
            'paragraphs, one concrete number or example, a question to the reader, and three relevant hashtags.',
          userPrompt: 'Tone: {{input.tone}}\n\nWrite the post from these points:\n\n{{nodes.points.output}}',
        },
        2,
        1,
      ),
      agentNode(
        'check',
        {
          label: 'Brand & compliance check',
          preset: 'critic',
          systemPrompt:
            'You are a communications reviewer. Check the post for confidential details, unverifiable claims, ' +
            'and tone. Answer APPROVE on the first line if it can go out as is, otherwise REVISE followed by the ' +
            'reasons.',
          userPrompt: '{{nodes.post.output}}',
        },
        3,
        1,
      ),
      ruleRouterNode(
        'verdict',
        'Approved?',
        '{{nodes.check.output}}',
        [
          { id: 'approved', label: 'approved', match: 'startsWith', value: 'approve' },
          { id: 'revise', label: 'needs a human', match: 'else' },
        ],
        4,
        1,
      ),
      outputNode('publish', 'Ready to publish', 5, 0),
      outputNode('review', 'Needs a human', 5, 2),
      noteNode(
        'how-to-publish',
        'Publishing itself needs a LinkedIn connection: add a provider key and an MCP tool for your account, ' +
          'or post the "Ready to publish" output from a script through the runs API.',
        2,
        2.4,
      ),
    ],
    edges: [
      link('brief', 'points'),
      link('points', 'post'),
      link('post', 'check'),
      link('check', 'verdict'),
      link('verdict', 'publish', 'approved'),
      link('verdict', 'review', 'revise'),
    ],
  },
};
