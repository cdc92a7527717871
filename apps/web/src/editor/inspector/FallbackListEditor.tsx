import type { ModelRef } from '@synapse/schema';
import { ModelPicker } from './ModelPicker';
import type { ProviderOption } from './providerOptions';

interface FallbackListEditorProps {
  nodeId: string;
  fallbacks: readonly ModelRef[];
  providers: readonly ProviderOption[];
  readOnly: boolean;
  /** The list is one field: it is written whole. */
  onChange: (fallbacks: ModelRef[]) => void;
}

/** Models tried in order after the node's own, when it keeps failing. */
export function FallbackListEditor({
  nodeId,
  fallbacks,
  providers,
  readOnly,
  onChange,
}: FallbackListEditorProps) {
  const update = (index: number, next: ModelRef | null) => {
    const list = [...fallbacks];
    if (next) list[index] = next;
    else list.splice(index, 1);
    onChange(list);
  };
  const moveUp = (index: number) => {
    if (index === 0) return;
    const list = [...fallbacks];
    [list[index - 1], list[index]] = [list[index]!, list[index - 1]!];
    onChange(list);
  };
  return (
    <fieldset className="list-editor" data-testid="fallbacks-editor">
      <legend className="field__label">Fallback models</legend>
      {fallbacks.length === 0 && <p className="field__hint">None: a failing model fails the node.</p>}
      <ol className="list-editor__rows">
        {fallbacks.map((ref, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in one list value; a name key would remount the input being typed in
          <li key={`${index}`} className="list-editor__row">
            <span className="list-editor__index" aria-hidden="true">
              {index + 1}
            </span>
            <ModelPicker
              compact
              idPrefix={`node-${nodeId}-fallback-${index}`}
              provider={ref.provider}
              model={ref.model}
              providers={providers}
              readOnly={readOnly}
              onChange={(provider, model) => update(index, { provider, model })}
            />
            {!readOnly && (
              <span className="list-editor__actions">
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  onClick={() => moveUp(index)}
                  disabled={index === 0}
                  aria-label={`Try fallback ${index + 1} earlier`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  onClick={() => update(index, null)}
                  aria-label={`Remove fallback ${index + 1}`}
                >
                  ×
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="button button--small"
          onClick={() => onChange([...fallbacks, { provider: 'local', model: 'local-demo' }])}
          data-testid="add-fallback"
        >
          + Add fallback
        </button>
      )}
    </fieldset>
  );
}
