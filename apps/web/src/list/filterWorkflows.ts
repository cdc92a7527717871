import type { WorkflowEntry } from '@synapse/schema';

export type ListFilter = 'active' | 'archived';

/** Case- and accent-insensitive, so "resume" finds "Résumé". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('en')
    .trim();
}

/** The entries of one tab whose name contains every word of the query, in index order. */
export function filterWorkflows(
  entries: readonly WorkflowEntry[],
  filter: ListFilter,
  query: string,
  fallbackName: string,
): WorkflowEntry[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (entry.archived !== (filter === 'archived')) return false;
    const name = foldForSearch(entry.name || fallbackName);
    return words.every((word) => name.includes(word));
  });
}

export function countByFilter(entries: readonly WorkflowEntry[]): Record<ListFilter, number> {
  let archived = 0;
  for (const entry of entries) if (entry.archived) archived += 1;
  return { active: entries.length - archived, archived };
}
