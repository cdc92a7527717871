import { addNode, initWorkflowDoc, USER_ORIGIN } from '@synapse/schema';
import type * as Y from 'yjs';

const NODES_PER_TRANSACTION = 100;

const PROMPT_WORDS = (
  'You are a careful analyst. Read the input, extract every claim with its source, check each claim ' +
  'against the reference material, and answer in JSON with fields claim, verdict, evidence and ' +
  'confidence. Be terse, cite line numbers, never invent sources, and flag anything ambiguous for ' +
  'human review before the summary step runs.'
).split(' ');

/** A system prompt of roughly 300 characters that differs from node to node. */
function systemPrompt(index: number): string {
  const words: string[] = [];
  for (let i = 0; i < PROMPT_WORDS.length; i++) words.push(PROMPT_WORDS[(i + index) % PROMPT_WORDS.length]!);
  return `Step ${index}. ${words.join(' ')}`;
}

/**
 * Creates a workflow of `nodeCount` agent nodes (ids n0…), through the writer's document so that every
 * side stores it the way it stores any client edit. Large workflows carry real prompts.
 */
export function preloadWorkflow(doc: Y.Doc, nodeCount: number, withPrompts: boolean): string[] {
  initWorkflowDoc(doc, { name: `Bench ${nodeCount}` }, USER_ORIGIN);
  const ids: string[] = [];
  for (let start = 0; start < nodeCount; start += NODES_PER_TRANSACTION) {
    doc.transact(() => {
      for (let i = start; i < Math.min(nodeCount, start + NODES_PER_TRANSACTION); i++) {
        const data: Record<string, string> = { label: `Agent ${i}` };
        if (withPrompts) {
          data.systemPrompt = systemPrompt(i);
          data.userPrompt = `Summarise {{input}} for reviewer ${i % 17} and list open questions.`;
        }
        ids.push(
          addNode(
            doc,
            {
              id: `n${i}`,
              type: 'agent',
              position: { x: (i % 50) * 220, y: Math.floor(i / 50) * 160 },
              data,
            },
            USER_ORIGIN,
          ),
        );
      }
    }, USER_ORIGIN);
  }
  return ids;
}
