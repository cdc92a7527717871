import type { MemoryEntry } from '@synapse/schema/api';
import { useState } from 'react';
import { formatTime } from '../account/formatTime';
import { Link } from '../routing/Link';
import { runPath } from '../routing/parseRoute';

interface MemoryEntryRowProps {
  workspaceId: string;
  entry: MemoryEntry;
  /** Resolves true once saved; false when it failed (the page shows why) and the draft stays open. */
  onSave(content: string): Promise<boolean>;
  onDelete(): Promise<void>;
}

/** One entry: its text (editable), when and by which run it was written, and delete. */
export function MemoryEntryRow({ workspaceId, entry, onSave, onDelete }: MemoryEntryRowProps) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <li className="memory-entry" data-testid={`memory-entry-${entry.id}`}>
      {draft === null ? (
        <p className="memory-entry__content" data-testid="memory-entry-content">
          {entry.content}
        </p>
      ) : (
        <textarea
          className="field__input"
          value={draft}
          rows={4}
          aria-label="Entry text"
          data-testid="memory-entry-editor"
          onChange={(event) => setDraft(event.target.value)}
        />
      )}
      <div className="memory-entry__foot">
        <p className="memory-entry__meta">
          {formatTime(entry.updatedAt)} ·{' '}
          {entry.runId ? (
            <Link href={runPath(workspaceId, entry.runId)} data-testid="memory-entry-run">
              written by run {entry.runId.slice(0, 8)}
            </Link>
          ) : (
            'written by hand'
          )}
        </p>
        <div className="memory-entry__actions">
          {draft === null ? (
            <button type="button" className="button" onClick={() => setDraft(entry.content)}>
              Edit
            </button>
          ) : (
            <>
              <button
                type="button"
                className="button button--primary"
                data-testid="memory-entry-save"
                disabled={!draft.trim()}
                onClick={() => void onSave(draft).then((saved) => saved && setDraft(null))}
              >
                Save
              </button>
              <button type="button" className="button" onClick={() => setDraft(null)}>
                Cancel
              </button>
            </>
          )}
          <button
            type="button"
            className="button button--danger"
            data-testid="memory-entry-delete"
            onClick={() => {
              if (window.confirm('Delete this memory entry?')) void onDelete();
            }}
          >
            Delete
          </button>
        </div>
      </div>
    </li>
  );
}
