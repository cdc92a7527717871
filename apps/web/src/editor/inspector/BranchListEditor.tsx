import { newId, type RouterBranch, type RouterMatch } from '@synapse/schema';

const MATCHES: readonly { value: RouterMatch; label: string }[] = [
  { value: 'contains', label: 'contains' },
  { value: 'equals', label: 'equals' },
  { value: 'startsWith', label: 'starts with' },
  { value: 'else', label: 'otherwise' },
];

interface BranchListEditorProps {
  nodeId: string;
  branches: readonly RouterBranch[];
  mode: 'llm' | 'rule';
  readOnly: boolean;
  onChange: (branches: RouterBranch[]) => void;
  /** Removing a branch also removes the connections leaving it, in the same step. */
  onRemove: (branch: RouterBranch, remaining: RouterBranch[]) => void;
}

/**
 * A router's branches. Each branch id is the source handle of the connections that follow it, so ids
 * never change after creation; labels (what the model picks, in llm mode) are free text.
 */
export function BranchListEditor({
  nodeId,
  branches,
  mode,
  readOnly,
  onChange,
  onRemove,
}: BranchListEditorProps) {
  const update = (index: number, patch: Partial<RouterBranch>) => {
    const list = branches.map((b) => ({ ...b }));
    list[index] = { ...list[index]!, ...patch };
    onChange(list);
  };
  return (
    <fieldset className="list-editor" data-testid="branches-editor">
      <legend className="field__label">Branches</legend>
      <p className="field__hint">
        {mode === 'llm'
          ? 'The model answers with one of these labels; that branch runs, the others are skipped.'
          : 'The first branch whose rule matches the routed text runs; “otherwise” catches the rest.'}
      </p>
      <ul className="list-editor__rows">
        {branches.map((branch, index) => (
          <li key={branch.id} className="list-editor__row list-editor__row--grid">
            <input
              id={`node-${nodeId}-branch-${index}`}
              className="field__input"
              value={branch.label}
              readOnly={readOnly}
              maxLength={80}
              aria-label={`Branch ${index + 1} label`}
              data-testid={`branch-label-${index}`}
              onChange={(event) => update(index, { label: event.target.value })}
            />
            {mode === 'rule' && (
              <select
                className="field__input"
                value={branch.match ?? 'contains'}
                disabled={readOnly}
                aria-label={`Branch ${index + 1} rule`}
                onChange={(event) => update(index, { match: event.target.value as RouterMatch })}
              >
                {MATCHES.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            )}
            {mode === 'rule' && branch.match !== 'else' && (
              <input
                className="field__input"
                value={branch.value ?? ''}
                readOnly={readOnly}
                placeholder="text to match"
                aria-label={`Branch ${index + 1} text to match`}
                onChange={(event) => update(index, { value: event.target.value })}
              />
            )}
            {!readOnly && branches.length > 1 && (
              <button
                type="button"
                className="icon-button icon-button--small"
                onClick={() =>
                  onRemove(
                    branch,
                    branches.filter((b) => b.id !== branch.id),
                  )
                }
                aria-label={`Remove branch ${branch.label || index + 1}`}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <button
          type="button"
          className="button button--small"
          data-testid="add-branch"
          onClick={() =>
            onChange([
              ...branches,
              {
                id: `b${newId().slice(0, 7)}`,
                label: `branch ${branches.length + 1}`,
                match: 'contains',
                value: '',
              },
            ])
          }
        >
          + Add branch
        </button>
      )}
    </fieldset>
  );
}
