import { useEffect, useState } from 'react';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { WorkspacePage } from '../components/WorkspacePage';
import { MemoryEntryRow } from './MemoryEntryRow';
import { addMemory, deleteMemory, listMemory, updateMemory } from './memoryApi';

/** The workspace memory bank: browse (newest first), full-text search, add, edit and delete entries. */
export function MemoryScreen({ workspaceId }: { workspaceId: string }) {
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [draft, setDraft] = useState('');
  const [entries, reload] = useApiData(() => listMemory(workspaceId, searched), [workspaceId, searched]);
  const { busy, error, act } = useFormAction();

  // Search as you type, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearched(query.trim()), 200);
    return () => clearTimeout(timer);
  }, [query]);

  const change = (work: () => Promise<void>) =>
    act(async () => {
      await work();
      reload();
    });

  return (
    <WorkspacePage
      workspaceId={workspaceId}
      title="Memory"
      testId="memory-page"
      description="What agents remember across runs. Agents with “Add relevant memory entries” get the entries that match their prompt; agents with “Save the output to memory” add one after each run."
      actions={
        <input
          type="search"
          className="field__input memory-search"
          placeholder="Search memory"
          aria-label="Search memory"
          data-testid="memory-search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      }
    >
      <form
        className="page-section"
        aria-labelledby="memory-add-title"
        onSubmit={change(async () => {
          await addMemory(workspaceId, draft);
          setDraft('');
        })}
      >
        <div className="page-section__head">
          <h2 id="memory-add-title">Add an entry</h2>
        </div>
        <textarea
          className="field__input"
          rows={2}
          placeholder="Something every agent that reads memory should know"
          aria-label="New entry"
          data-testid="memory-new"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <div>
          <button
            type="submit"
            className="button button--primary"
            data-testid="memory-add"
            disabled={busy || !draft.trim()}
          >
            Add entry
          </button>
        </div>
      </form>
      {error && (
        <Banner tone="error" testId="memory-notice">
          {error}
        </Banner>
      )}
      <ApiDataState
        data={entries}
        reload={reload}
        loading="Loading memory…"
        failed="Could not load the memory"
        testId="memory-error"
      />
      {entries.state === 'ready' &&
        (entries.data.length === 0 ? (
          searched ? (
            <ScreenMessage kind="empty" title="No entry matches." testId="memory-empty">
              <p>Try other words: the search matches whole words of the entries.</p>
            </ScreenMessage>
          ) : (
            <ScreenMessage kind="empty" title="Nothing remembered yet" testId="memory-empty">
              <p>Entries appear here when an agent saves its output to memory, or when you add one above.</p>
            </ScreenMessage>
          )
        ) : (
          <ul className="memory-list" data-testid="memory-list">
            {entries.data.map((entry) => (
              <MemoryEntryRow
                key={`${entry.id}-${entry.updatedAt}`}
                workspaceId={workspaceId}
                entry={entry}
                onSave={async (content) => {
                  let saved = false;
                  await change(async () => {
                    await updateMemory(workspaceId, entry.id, content);
                    saved = true;
                  })();
                  return saved;
                }}
                onDelete={() => change(() => deleteMemory(workspaceId, entry.id))()}
              />
            ))}
          </ul>
        ))}
    </WorkspacePage>
  );
}
