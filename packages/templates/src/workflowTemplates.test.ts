import { createLocalModel, createModelRouter, estimateCost } from '@synapse/providers';
import { createCallModel, runHeadless } from '@synapse/runner';
import {
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  findUnknownReferences,
  nodeDefinition,
  nodeKeysOf,
  nodeTemplates,
  parseWorkflowFile,
  readWorkflow,
  resolveRunInputs,
  templateReferences,
  templateSecretNames,
  toWorkflowFile,
  USER_ORIGIN,
  validateGraph,
  writeWorkflowGraph,
} from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_TEMPLATE_IDS, instantiateTemplate, templateById, WORKFLOW_TEMPLATES } from './index';

function localCallModel() {
  const local = createLocalModel({ tokenDelayMs: 0 });
  const router = createModelRouter({ resolveProvider: (id) => (id === local.id ? local : undefined) });
  return createCallModel(router);
}

describe('workflow templates', () => {
  it('has the gallery the product promises, with unique ids and demo ids that exist', () => {
    const ids = WORKFLOW_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'research-write-critique-edit',
        'linkedin-post-publisher',
        'github-repo-monitor',
        'code-review-agent',
      ]),
    );
    expect(WORKFLOW_TEMPLATES.length).toBeGreaterThanOrEqual(6);
    for (const id of DEMO_TEMPLATE_IDS) expect(templateById(id)).toBeDefined();
  });

  describe.each(WORKFLOW_TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, template) => {
    it('validates: no cycle, no unknown reference, inputs resolve from defaults', () => {
      expect(template.description.length).toBeGreaterThan(40);
      expect(template.tags.length).toBeGreaterThan(0);
      const validation = validateGraph(template.graph);
      expect(validation.ok).toBe(true);
      expect(findUnknownReferences(template.graph)).toEqual([]);
      const resolved = resolveRunInputs(template.graph, {});
      expect(resolved.problems).toEqual([]);
      for (const value of Object.values(resolved.inputs)) expect(value.length).toBeGreaterThan(0);
      // Every edge is wired to a node that exists (deriveValidGraph would silently drop a typo).
      const ids = new Set(template.graph.nodes.map((n) => n.id));
      for (const e of template.graph.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    });

    it('references nodes by key (an id only where the id cannot be a key)', () => {
      const keys = new Set(nodeKeysOf(template.graph).values());
      for (const node of template.graph.nodes)
        for (const { template: text } of nodeTemplates(node))
          for (const name of templateReferences(text))
            expect(keys.has(name) || !/^[a-z][a-z0-9_]*$/.test(name), `${node.id}: ${name}`).toBe(true);
    });

    it('uses only the local model, so it runs offline', () => {
      for (const node of template.graph.nodes) {
        if (node.type !== 'agent' && node.type !== 'router') continue;
        expect(node.data.provider).toBe(DEFAULT_PROVIDER);
        expect(node.data.model).toBe(DEFAULT_MODEL);
      }
    });

    it('survives a round trip through a workflow document and a workflow file unchanged', () => {
      const doc = new Y.Doc();
      writeWorkflowGraph(doc, instantiateTemplate(template), USER_ORIGIN);
      const read = readWorkflow(doc);
      expect(read.nodes.map((n) => n.id).sort()).toEqual(template.graph.nodes.map((n) => n.id).sort());
      expect(read.edges.map((e) => e.id).sort()).toEqual(template.graph.edges.map((e) => e.id).sort());
      // Typed fields (variables, branches, prompts) are kept, not dropped as mistyped.
      for (const node of template.graph.nodes) {
        const copy = read.nodes.find((n) => n.id === node.id);
        for (const key of ['variables', 'branches', 'systemPrompt', 'userPrompt'])
          if (key in node.data) expect(copy?.data[key], `${node.id}.${key}`).toEqual(node.data[key]);
      }
      const file = parseWorkflowFile(JSON.stringify(toWorkflowFile(read, 0)));
      expect(file.ok).toBe(true);
    });

    it('declares every secret its HTTP nodes reference, and no other', () => {
      const referenced = new Set(
        template.graph.nodes.flatMap((n) =>
          nodeDefinition(n.type).acceptsSecrets
            ? nodeTemplates(n).flatMap((t) => templateSecretNames(t.template))
            : [],
        ),
      );
      expect([...referenced].sort()).toEqual([...(template.secrets ?? [])].sort());
    });
  });

  // Templates with HTTP request nodes run against the fake APIs in httpTemplates.int.test.ts.
  const offline = WORKFLOW_TEMPLATES.filter((t) => !t.graph.nodes.some((n) => n.type === 'http'));
  describe.each(offline.map((t) => [t.id, t] as const))('%s offline', (_id, template) => {
    it('runs end to end on the local model', async () => {
      const result = await runHeadless({
        graph: instantiateTemplate(template),
        inputs: {},
        callModel: localCallModel(),
        estimateCost,
      });
      if (!result.ok) throw new Error(result.message);
      expect(result.outcome.status).toBe('succeeded');
      expect(result.outcome.nodesFailed).toBe(0);
      expect(result.outputs.length).toBeGreaterThan(0);
      for (const output of result.outputs) expect(output.text).toContain('Local demo model');
    });
  });

  it('routes the support ticket sample to billing by rule, without a model call', async () => {
    const template = templateById('support-ticket-router')!;
    const result = await runHeadless({
      graph: instantiateTemplate(template),
      inputs: {},
      callModel: localCallModel(),
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.run.nodes.route?.branch).toBe('billing');
    expect(result.run.nodes['billing-agent']?.status).toBe('succeeded');
    expect(result.run.nodes['tech-agent']?.status).toBe('skipped');
    expect(result.run.nodes.route?.model).toBeUndefined();
  });

  it('instantiates a deep copy under the given name', () => {
    const template = templateById('code-review-agent')!;
    const copy = instantiateTemplate(template, 'Mine');
    expect(copy.name).toBe('Mine');
    copy.nodes[0]!.data.label = 'changed';
    expect(template.graph.nodes[0]!.data.label).not.toBe('changed');
  });
});
