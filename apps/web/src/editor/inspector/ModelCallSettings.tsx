import type { JsonValue, ModelRef } from '@synapse/schema';
import { FallbackListEditor } from './FallbackListEditor';
import { NumberField } from './NumberField';
import type { useProviders } from './useProviders';

interface ModelCallSettingsProps {
  nodeId: string;
  values: {
    temperature?: number;
    maxTokens?: number;
    timeoutMs?: number;
    retries?: number;
    fallbacks: ModelRef[];
  };
  providers: ReturnType<typeof useProviders>['providers'];
  readOnly: boolean;
  open: boolean;
  set(field: string, value: JsonValue): void;
}

/** How a node's model calls behave (sampling, deadline, retries, fallbacks): agents and maps alike. */
export function ModelCallSettings({
  nodeId,
  values,
  providers,
  readOnly,
  open,
  set,
}: ModelCallSettingsProps) {
  const id = (name: string) => `node-${nodeId}-${name}`;
  return (
    <details className="inspector__advanced" open={open}>
      <summary>Model settings</summary>
      <div className="field-grid">
        <NumberField
          id={id('temperature')}
          label="Temperature"
          value={values.temperature}
          onCommit={(v) => set('temperature', v)}
          readOnly={readOnly}
          min={0}
          max={2}
          step={0.1}
          placeholder="default"
          testId="temperature-input"
        />
        <NumberField
          id={id('maxTokens')}
          label="Max tokens"
          value={values.maxTokens}
          onCommit={(v) => set('maxTokens', v)}
          readOnly={readOnly}
          min={1}
          max={1_000_000}
          integer
          placeholder="default"
          testId="max-tokens-input"
        />
        <NumberField
          id={id('timeout')}
          label="Timeout (s)"
          value={values.timeoutMs}
          scale={1000}
          onCommit={(v) => set('timeoutMs', v)}
          readOnly={readOnly}
          min={1}
          max={3600}
          placeholder="default"
          testId="timeout-input"
        />
        <NumberField
          id={id('retries')}
          label="Retries"
          value={values.retries}
          onCommit={(v) => set('retries', v)}
          readOnly={readOnly}
          min={0}
          max={10}
          integer
          placeholder="default"
          testId="retries-input"
        />
      </div>
      <FallbackListEditor
        nodeId={nodeId}
        fallbacks={values.fallbacks}
        providers={providers}
        readOnly={readOnly}
        onChange={(fallbacks) =>
          set(
            'fallbacks',
            fallbacks.map((f) => ({ provider: f.provider, model: f.model })),
          )
        }
      />
    </details>
  );
}
