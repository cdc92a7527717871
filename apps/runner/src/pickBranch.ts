import type { RouterBranch } from '@synapse/schema';

/** Rule mode: the first branch whose rule matches the routed text; an `else` branch catches the rest. */
export function pickBranchByRule(branches: readonly RouterBranch[], text: string): RouterBranch | null {
  const subject = text.trim().toLowerCase();
  for (const branch of branches) {
    const value = (branch.value ?? '').trim().toLowerCase();
    if (branch.match === 'contains' && value && subject.includes(value)) return branch;
    if (branch.match === 'equals' && subject === value) return branch;
    if (branch.match === 'startsWith' && value && subject.startsWith(value)) return branch;
  }
  return branches.find((b) => b.match === 'else') ?? null;
}

/**
 * LLM mode: the branch whose label the model answered. An exact answer wins; otherwise the label that
 * appears first in the reply (so "I'd say: approve." picks `approve`). Null when no label appears.
 */
export function pickBranchByLabel(branches: readonly RouterBranch[], reply: string): RouterBranch | null {
  const answer = reply
    .trim()
    .toLowerCase()
    .replace(/[.!"'`*]+$/g, '');
  const exact = branches.find((b) => b.label.trim().toLowerCase() === answer);
  if (exact) return exact;
  let best: { branch: RouterBranch; at: number } | null = null;
  for (const branch of branches) {
    const label = branch.label.trim().toLowerCase();
    if (!label) continue;
    const at = findWord(answer, label);
    if (at >= 0 && (!best || at < best.at)) best = { branch, at };
  }
  return best?.branch ?? null;
}

function findWord(haystack: string, word: string): number {
  let from = 0;
  while (from <= haystack.length) {
    const at = haystack.indexOf(word, from);
    if (at < 0) return -1;
    const before = at === 0 ? '' : haystack[at - 1];
    const after = haystack[at + word.length] ?? '';
    if (!/[a-z0-9]/.test(before ?? '') && !/[a-z0-9]/.test(after)) return at;
    from = at + 1;
  }
  return -1;
}
