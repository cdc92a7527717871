import { agentNode, httpNode, inputNode, link, noteNode, outputNode, ruleRouterNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

export const linkedInPostPublisher: WorkflowTemplate = {
  id: 'linkedin-post-publisher',
  name: 'LinkedIn post publisher',
  description:
    'Turns a topic into a LinkedIn post: key points, a draft with a hook and hashtags, a compliance check, ' +
    'and a rule router that publishes approved posts through the LinkedIn Posts API (token from the workspace ' +
    'secret LINKEDIN_TOKEN; point the API URL at any webhook instead) and sends the rest to "Needs a human".',
  tags: ['social', 'marketing', 'http', 'router'],
  secrets: ['LINKEDIN_TOKEN'],
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
          {
            name: 'author',
            type: 'string',
            default: 'urn:li:person:YOUR_MEMBER_ID',
            description: 'Who posts: urn:li:person:… or urn:li:organization:…',
          },
          {
            name: 'apiBaseUrl',
            type: 'string',
            default: 'https://api.linkedin.com',
            description: 'Where posts go: the LinkedIn API, or a webhook of your own',
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
      httpNode(
        'publish',
        {
          label: 'Publish on LinkedIn',
          method: 'POST',
          url: '{{input.apiBaseUrl}}/rest/posts',
          headers: [
            ['Authorization', 'Bearer {{secrets.LINKEDIN_TOKEN}}'],
            ['LinkedIn-Version', '202405'],
            ['X-Restli-Protocol-Version', '2.0.0'],
          ],
          body: JSON.stringify(
            {
              author: '{{input.author}}',
              commentary: '{{nodes.post.output}}',
              visibility: 'PUBLIC',
              distribution: {
                feedDistribution: 'MAIN_FEED',
                targetEntities: [],
                thirdPartyDistributionChannels: [],
              },
              lifecycleState: 'PUBLISHED',
              isReshareDisabledByAuthor: false,
            },
            null,
            2,
          ),
        },
        5,
        0,
      ),
      outputNode('review', 'Needs a human', 5, 2),
      noteNode(
        'how-to-publish',
        'Publishing needs a LinkedIn access token with the w_member_social scope saved as the workspace secret ' +
          'LINKEDIN_TOKEN, and your member URN as the author input. Only posts the check approves are sent.',
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
