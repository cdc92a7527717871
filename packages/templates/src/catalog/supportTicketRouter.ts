import { agentNode, inputNode, link, outputNode, ruleRouterNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

export const supportTicketRouter: WorkflowTemplate = {
  id: 'support-ticket-router',
  name: 'Support ticket router',
  description:
    'A rule router sends each ticket to a billing, technical or general agent by its words; the chosen ' +
    'agent drafts the reply. Rules cost nothing and never call a model.',
  tags: ['support', 'router', 'starter'],
  graph: {
    name: 'Support ticket router',
    nodes: [
      inputNode(
        'ticket',
        'Ticket',
        [
          {
            name: 'ticket',
            type: 'text',
            default:
              'Hi, I was charged twice for order #1234 this month. Can I get a refund for one of them?',
            description: 'The customer message',
          },
        ],
        0,
        1,
      ),
      ruleRouterNode(
        'route',
        'Route by topic',
        '{{input.ticket}}',
        [
          { id: 'billing', label: 'billing', match: 'contains', value: 'refund' },
          { id: 'charge', label: 'billing (charge)', match: 'contains', value: 'charged' },
          { id: 'technical', label: 'technical', match: 'contains', value: 'error' },
          { id: 'general', label: 'general', match: 'else' },
        ],
        1,
        1,
      ),
      agentNode(
        'billing-agent',
        {
          label: 'Billing agent',
          preset: 'custom',
          systemPrompt:
            'You handle billing questions. Acknowledge the problem, state what you will check, and promise a ' +
            'concrete next step. Never promise a refund amount you cannot see.',
          userPrompt: '{{input.ticket}}',
        },
        2,
        0,
      ),
      agentNode(
        'tech-agent',
        {
          label: 'Technical agent',
          preset: 'custom',
          systemPrompt:
            'You are a support engineer. Ask for the one missing detail you need (version, steps, error text) ' +
            'and suggest the most likely fix.',
          userPrompt: '{{input.ticket}}',
        },
        2,
        1,
      ),
      agentNode(
        'general-agent',
        {
          label: 'General agent',
          preset: 'custom',
          systemPrompt: 'You answer customer questions warmly and briefly, and point to the right help page.',
          userPrompt: '{{input.ticket}}',
        },
        2,
        2,
      ),
      outputNode('reply', 'Draft reply', 3, 1),
    ],
    edges: [
      link('ticket', 'route'),
      link('route', 'billing-agent', 'billing'),
      link('route', 'billing-agent', 'charge'),
      link('route', 'tech-agent', 'technical'),
      link('route', 'general-agent', 'general'),
      link('billing-agent', 'reply'),
      link('tech-agent', 'reply'),
      link('general-agent', 'reply'),
    ],
  },
};
