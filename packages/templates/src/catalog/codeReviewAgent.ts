import { agentNode, inputNode, link, outputNode } from '../templateNodes';
import type { WorkflowTemplate } from '../WorkflowTemplate';

const SAMPLE_DIFF = `--- a/src/users.ts
+++ b/src/users.ts
@@ -10,6 +10,11 @@ export async function findUser(db: Db, email: string) {
-  return db.query('select * from users where email = $1', [email]);
+  const rows = await db.query("select * from users where email = '" + email + "'");
+  if (rows.length = 0) return null;
+  return rows[0];
 }`;

export const codeReviewAgent: WorkflowTemplate = {
  id: 'code-review-agent',
  name: 'Code review agent',
  description:
    'Reviews a diff twice in parallel — once for correctness and clarity, once for security — and merges ' +
    'both into one review comment ranked by severity.',
  tags: ['engineering', 'code', 'parallel'],
  graph: {
    name: 'Code review agent',
    nodes: [
      inputNode(
        'change',
        'Change',
        [
          { name: 'diff', type: 'text', default: SAMPLE_DIFF, description: 'A unified diff' },
          {
            name: 'context',
            type: 'string',
            default: 'TypeScript service, Postgres',
            description: 'Language, framework',
          },
        ],
        0,
        1,
      ),
      agentNode(
        'correctness',
        {
          label: 'Correctness review',
          preset: 'reviewer',
          userPrompt: 'Context: {{input.context}}\n\nReview this diff:\n\n{{input.diff}}',
        },
        1,
        0,
      ),
      agentNode(
        'security',
        {
          label: 'Security review',
          preset: 'reviewer',
          systemPrompt:
            'You are an application security reviewer. Look only for injection, authentication and ' +
            'authorization mistakes, secrets, unsafe deserialisation and data exposure. Cite the lines and ' +
            'give the fix. Say "no security findings" if there are none.',
          userPrompt: 'Context: {{input.context}}\n\nReview this diff:\n\n{{input.diff}}',
        },
        1,
        2,
      ),
      agentNode(
        'comment',
        {
          label: 'Review comment',
          preset: 'editor',
          systemPrompt:
            'You write the single review comment a pull request receives. Merge the findings, drop ' +
            'duplicates, rank by severity (blocking, should fix, nit) and keep each item to two sentences.',
          userPrompt:
            'Correctness findings:\n{{nodes.correctness.output}}\n\nSecurity findings:\n{{nodes.security.output}}',
        },
        2,
        1,
      ),
      outputNode('review', 'Review', 3, 1),
    ],
    edges: [
      link('change', 'correctness'),
      link('change', 'security'),
      link('correctness', 'comment'),
      link('security', 'comment'),
      link('comment', 'review'),
    ],
  },
};
