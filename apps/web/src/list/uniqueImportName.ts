import { foldForSearch } from './filterWorkflows';

/**
 * The name an imported workflow gets: its own name when no workflow in the workspace has it, else
 * "<name> (imported)", then "<name> (imported 2)"… so the new card can be told apart from the one it
 * came from (re-importing an exported workflow is the common case). Archived entries count: restoring
 * one must not produce two cards with the same name either.
 */
export function uniqueImportName(name: string, existingNames: readonly string[]): string {
  const taken = new Set(existingNames.map(foldForSearch));
  if (!taken.has(foldForSearch(name))) return name;
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!taken.has(foldForSearch(candidate))) return candidate;
  }
}
