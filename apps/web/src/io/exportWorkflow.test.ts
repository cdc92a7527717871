import { addNode, initWorkflowDoc, parseWorkflowFile, USER_ORIGIN } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportWorkflow, serializeWorkflowFile, workflowFileName } from './exportWorkflow';

describe('exportWorkflow', () => {
  it('exports the derived valid view and reads back equal', () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Blog pipeline' }, USER_ORIGIN);
    addNode(doc, { id: 'a', type: 'agent', position: { x: 1, y: 2 } }, USER_ORIGIN);
    // A dangling edge, as a merge can leave one: not part of what readers see, so not exported.
    const edge = new Y.Map<unknown>();
    doc.getMap('edges').set('a:out->gone:in', edge);
    edge.set('source', 'a');
    edge.set('target', 'gone');
    const file = exportWorkflow(doc, 0);
    expect(file.workflow.edges).toEqual([]);
    expect(parseWorkflowFile(serializeWorkflowFile(file))).toEqual({
      ok: true,
      graph: file.workflow,
      subworkflows: {},
    });
  });

  it('names files after the workflow', () => {
    expect(workflowFileName('Blog pipeline v2')).toBe('blog-pipeline-v2.synapse.json');
    expect(workflowFileName('Café / Résumé')).toBe('cafe-resume.synapse.json');
    expect(workflowFileName('../../')).toBe('workflow.synapse.json');
    expect(workflowFileName('')).toBe('workflow.synapse.json');
  });
});
