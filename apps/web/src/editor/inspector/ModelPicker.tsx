import type { ProviderOption } from './providerOptions';
import { optionsFor } from './providerOptions';

interface ModelPickerProps {
  idPrefix: string;
  provider: string;
  model: string;
  providers: readonly ProviderOption[];
  readOnly: boolean;
  /** A provider change also picks that provider's first model, in one step. */
  onChange: (provider: string, model: string) => void;
  compact?: boolean;
}

function providerLabel(p: ProviderOption): string {
  if (p.configured === false) return `${p.label} — no key yet`;
  return p.label;
}

export function ModelPicker({
  idPrefix,
  provider,
  model,
  providers,
  readOnly,
  onChange,
  compact,
}: ModelPickerProps) {
  const options = optionsFor(providers, provider, model);
  const current = options.providers.find((p) => p.id === provider);
  return (
    <div className={compact ? 'model-picker model-picker--compact' : 'model-picker'}>
      <div className="field">
        {!compact && (
          <label className="field__label" htmlFor={`${idPrefix}-provider`}>
            Provider
          </label>
        )}
        <select
          id={`${idPrefix}-provider`}
          className="field__input"
          value={provider}
          disabled={readOnly}
          aria-label={compact ? 'Fallback provider' : undefined}
          data-testid={`${idPrefix}-provider`}
          onChange={(event) => {
            const next = options.providers.find((p) => p.id === event.target.value);
            onChange(event.target.value, next?.models[0]?.id ?? model);
          }}
        >
          {options.providers.map((p) => (
            <option key={p.id} value={p.id}>
              {providerLabel(p)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        {!compact && (
          <label className="field__label" htmlFor={`${idPrefix}-model`}>
            Model
          </label>
        )}
        <select
          id={`${idPrefix}-model`}
          className="field__input"
          value={model}
          disabled={readOnly}
          aria-label={compact ? 'Fallback model' : undefined}
          data-testid={`${idPrefix}-model`}
          onChange={(event) => onChange(provider, event.target.value)}
        >
          {options.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {!compact && current?.configured === false && (
        <p className="field__hint">
          This provider has no API key in the workspace yet; runs will fail over or fail.
        </p>
      )}
    </div>
  );
}
