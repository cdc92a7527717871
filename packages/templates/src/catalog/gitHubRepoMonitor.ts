import { agentNode, httpNode, inputNode, link, outputNode, ruleRouterNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

const GITHUB_HEADERS: [string, string][] = [
  ['Accept', 'application/vnd.github+json'],
  ['Authorization', 'Bearer {{secrets.GITHUB_TOKEN}}'],
  ['X-GitHub-Api-Version', '2022-11-28'],
];

const repoUrl = (path: string) => `{{input.apiBaseUrl}}/repos/{{input.repo}}/${path}`;

export const gitHubRepoMonitor: WorkflowTemplate = {
  id: 'github-repo-monitor',
  name: 'GitHub repo monitor',
  description:
    "Fetches a repository's recent issues, pull requests and commits from the GitHub API (token from the " +
    'workspace secret GITHUB_TOKEN), routes anything that mentions security to an alert writer and turns the ' +
    'rest into a digest. Meant to run every Monday at 09:00 UTC on a schedule.',
  tags: ['engineering', 'monitoring', 'http', 'router'],
  suggestedSchedule: { cron: '0 9 * * 1', tz: 'UTC' },
  secrets: ['GITHUB_TOKEN'],
  graph: {
    name: 'GitHub repo monitor',
    nodes: [
      inputNode(
        'settings',
        'Repository',
        [
          { name: 'repo', type: 'string', default: 'synapse-dev/synapse', description: 'owner/name' },
          {
            name: 'apiBaseUrl',
            type: 'string',
            default: 'https://api.github.com',
            description: 'GitHub API base URL (GitHub Enterprise: https://HOST/api/v3)',
          },
        ],
        0,
        1,
      ),
      httpNode(
        'issues',
        {
          label: 'Recent issues',
          method: 'GET',
          url: repoUrl('issues?state=all&sort=updated&direction=desc&per_page=20'),
          headers: GITHUB_HEADERS,
        },
        1,
        0,
      ),
      httpNode(
        'pulls',
        {
          label: 'Recent pull requests',
          method: 'GET',
          url: repoUrl('pulls?state=all&sort=updated&direction=desc&per_page=20'),
          headers: GITHUB_HEADERS,
        },
        1,
        1,
      ),
      httpNode(
        'commits',
        {
          label: 'Recent commits',
          method: 'GET',
          url: repoUrl('commits?per_page=20'),
          headers: GITHUB_HEADERS,
        },
        1,
        2,
      ),
      agentNode(
        'summary',
        {
          label: 'Activity summary',
          preset: 'summarizer',
          userPrompt:
            'Recent activity in {{input.repo}} from the GitHub API.\n\nIssues:\n{{nodes.issues.output.body}}\n\n' +
            'Pull requests:\n{{nodes.pulls.output.body}}\n\nCommits:\n{{nodes.commits.output.body}}',
        },
        2,
        1,
      ),
      ruleRouterNode(
        'triage',
        'Security?',
        '{{nodes.issues.output.body}}',
        [
          { id: 'security', label: 'security', match: 'contains', value: 'security' },
          { id: 'routine', label: 'routine', match: 'else' },
        ],
        3,
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
        4,
        0,
      ),
      agentNode(
        'digest',
        {
          label: 'Weekly digest',
          preset: 'writer',
          userPrompt: 'Write a weekly digest for the team about {{input.repo}}:\n\n{{nodes.summary.output}}',
        },
        4,
        2,
      ),
      outputNode('report', 'Report', 5, 1),
    ],
    edges: [
      link('settings', 'issues'),
      link('settings', 'pulls'),
      link('settings', 'commits'),
      link('issues', 'summary'),
      link('pulls', 'summary'),
      link('commits', 'summary'),
      link('summary', 'triage'),
      link('triage', 'alert', 'security'),
      link('triage', 'digest', 'routine'),
      link('alert', 'report'),
      link('digest', 'report'),
    ],
  },
};
