import type { MemoryEntry } from '@synapse/schema/api';
import { useCallback, useEffect, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { PageCrumbs } from '../history/PageCrumbs';
import { MemoryEntryRow } from './MemoryEntryRow';
import { addMemory, deleteMemory, listMemory, updateMemory } from './memoryApi';

/** The workspace memory bank: browse (newest first), full-text search, add, edit and delete entries. */
export function MemoryScreen({ workspaceId }: { workspaceId: string }) {
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<MemoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState('');

  const reload = useCallback(
    (q: string) =>
      listMemory(workspaceId, q)
        .then((list) => {
          setEntries(list);
          setError(null);
        })
        .catch((e: Error) => setError(e.message)),
    [workspaceId],
  );
  useEffect(() => {
    const timer = setTimeout(() => void reload(query), 200);
    return () => clearTimeout(timer);
  }, [reload, query]);
  const act = (work: Promise<void>) =>
    work.then(() => reload(query)).catch((e: Error) => setError(e.message));

  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="Memory" />
      </AppHeader>
      <main className="list-page" data-testid="memory-page">
        <h1>Memory</h1>
        <p className="field__hint">
          What agents remember across runs. Agents with “Add relevant memory entries” get the entries that
          match their prompt; agents with “Save the output to memory” add one after each run.
        </p>
        <input
          type="search"
          className="field__input"
          placeholder="Search memory"
          aria-label="Search memory"
          data-testid="memory-search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.trim()) act(addMemory(workspaceId, draft).then(() => setDraft('')));
          }}
        >
          <textarea
            className="field__input"
            rows={2}
            placeholder="Write a new entry"
            aria-label="New entry"
            data-testid="memory-new"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button" data-testid="memory-add" disabled={!draft.trim()}>
            Add entry
          </button>
        </form>
        {error && <p role="alert">{error}</p>}
        {entries === null ? (
          <p className="field__hint">Loading…</p>
        ) : entries.length === 0 ? (
          <p className="field__hint">{query.trim() ? 'No entry matches.' : 'Nothing remembered yet.'}</p>
        ) : (
          <ul className="memory-list" data-testid="memory-list">
            {entries.map((entry) => (
              <MemoryEntryRow
                key={`${entry.id}-${entry.updatedAt}`}
                workspaceId={workspaceId}
                entry={entry}
                onSave={(content) => act(updateMemory(workspaceId, entry.id, content))}
                onDelete={() => act(deleteMemory(workspaceId, entry.id))}
              />
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
