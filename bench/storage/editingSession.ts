import {
  addNode,
  connect,
  getNodeText,
  initWorkflowDoc,
  moveNode,
  setNodeField,
  USER_ORIGIN,
} from '@synapse/schema';
import type * as Y from 'yjs';
import { preloadWorkflow } from '../sync/preloadWorkflow';

const NODES = 12;
const WORDS = (
  'read the input extract every claim with its source check each claim against the reference material ' +
  'and answer in JSON with fields claim verdict evidence confidence be terse cite line numbers'
).split(' ');

/** A small deterministic PRNG (mulberry32), so every side and every run replays the same session. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One person building a workflow, one Yjs transaction per action as the editor makes them: nodes added
 * and wired, prompts typed character by character (with the odd backspace), nodes dragged (one position
 * write per frame), labels renamed. With `baseNodes`, the session starts from a pasted workflow of that
 * many agent nodes with real prompts (preloadWorkflow: one transaction per 100 nodes) and edits its first
 * nodes. Calls `step` after each transaction; stops after `count` of them.
 */
export async function editingSession(
  doc: Y.Doc,
  count: number,
  step: (done: number) => Promise<void> | void,
  baseNodes = 0,
  seed = 18,
): Promise<void> {
  const next = random(seed);
  let done = 0;
  const act = async (edit: () => void) => {
    edit();
    done += 1;
    await step(done);
  };
  if (baseNodes > 0) {
    // Counted as the transactions it makes: the init and one per 100 nodes.
    preloadWorkflow(doc, baseNodes, true);
    done += 1 + Math.ceil(baseNodes / 100);
    await step(done);
  } else await act(() => initWorkflowDoc(doc, { name: 'Storage bench' }, USER_ORIGIN));
  for (let i = 0; i < NODES && done < count && baseNodes === 0; i++) {
    await act(() => {
      addNode(
        doc,
        { id: `n${i}`, type: 'agent', position: { x: i * 220, y: 0 }, data: { label: `Agent ${i}` } },
        USER_ORIGIN,
      );
    });
    if (i > 0) await act(() => connect(doc, { source: `n${i - 1}`, target: `n${i}` }, USER_ORIGIN));
  }
  while (done < count) {
    const node = `n${Math.floor(next() * NODES)}`;
    const roll = next();
    if (roll < 0.65) {
      // A burst of typing into one prompt.
      const text = getNodeText(doc, node, 'systemPrompt');
      if (!text) {
        await act(() => setNodeField(doc, node, 'systemPrompt', '', USER_ORIGIN));
        continue;
      }
      const word = `${WORDS[Math.floor(next() * WORDS.length)]} `;
      for (const char of word) {
        if (done >= count) break;
        if (next() < 0.05 && text.length > 0) {
          await act(() => doc.transact(() => text.delete(text.length - 1, 1), USER_ORIGIN));
        }
        await act(() => doc.transact(() => text.insert(text.length, char), USER_ORIGIN));
      }
    } else if (roll < 0.92) {
      // A drag: a few dozen position writes.
      let x = Math.floor(next() * 2000);
      let y = Math.floor(next() * 1000);
      const frames = 10 + Math.floor(next() * 30);
      for (let f = 0; f < frames && done < count; f++) {
        x += Math.floor(next() * 9) - 4;
        y += Math.floor(next() * 9) - 4;
        await act(() => moveNode(doc, node, { x, y }, USER_ORIGIN));
      }
    } else {
      await act(() => setNodeField(doc, node, 'label', `Agent ${node} v${done}`, USER_ORIGIN));
    }
  }
}
