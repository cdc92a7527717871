import { agentNode, inputNode, link, outputNode, ruleRouterNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

const SAMPLE_ACTIVITY = [
  'PR #412 merged: bump postgres driver to 3.4.5',
  'Issue #418 opened: "Dependabot: security advisory for ws < 8.17.1"',
  'PR #415 opened: add keyset pagination to the runs endpoint',
  'Issue #401 closed: flaky e2e test on Windows',
  'Commit 9f3c2e1 on main: fix off-by-one in retry backoff',
].join('\n');

export const gitHubRepoMonitor: WorkflowTemplate = {
  id: 'github-repo-monitor',
  name: 'GitHub repo monitor',
  description:
    "Summarises a repository's recent issues, pull requests and commits, and routes anything that mentions " +
    'security to an alert writer; everything else becomes a weekly digest. Feed it the activity from a ' +
    'scheduled script through the runs API.',
  tags: ['engineering', 'monitoring', 'router'],
  graph: {
    name: 'GitHub repo monitor',
    nodes: [
      inputNode(
        'activity',
        'Repository activity',
        [
          { name: 'repo', type: 'string', default: 'synapse-dev/synapse', description: 'owner/name' },
          {
            name: 'activity',
            type: 'text',
            default: SAMPLE_ACTIVITY,
            description: 'Recent issues, PRs and commits, one per line',
          },
        ],
        0,
        1,
      ),
      agentNode(
        'summary',
        {
          label: 'Activity summary',
          preset: 'summarizer',
          userPrompt: 'Recent activity in {{input.repo}}:\n\n{{input.activity}}',
        },
        1,
        1,
      ),
      ruleRouterNode(
        'triage',
        'Security?',
        '{{input.activity}}',
        [
          { id: 'security', label: 'security', match: 'contains', value: 'security' },
          { id: 'routine', label: 'routine', match: 'else' },
        ],
        2,
        1,
      ),
      agentNode(
        'alert',
        {
          label: 'Security alert',
          preset: 'custom',
          systemPrompt:
            'You are a security engineer on call. From the activity summary, write a short alert: what is ' +
            'affected, how urgent it is, and the first action to take. No speculation beyond the facts given.',
          userPrompt: '{{nodes.summary.output}}',
        },
        3,
        0,
      ),
      agentNode(
        'digest',
        {
          label: 'Weekly digest',
          preset: 'writer',
          userPrompt: 'Write a weekly digest for the team about {{input.repo}}:\n\n{{nodes.summary.output}}',
        },
        3,
        2,
      ),
      outputNode('report', 'Report', 4, 1),
    ],
    edges: [
      link('activity', 'summary'),
      link('summary', 'triage'),
      link('triage', 'alert', 'security'),
      link('triage', 'digest', 'routine'),
      link('alert', 'report'),
      link('digest', 'report'),
    ],
  },
};
