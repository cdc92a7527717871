import { useEffect, useState } from 'react';
import type { OutputView } from './useOutputView';

interface OutputToolbarProps {
  /** Suffix of the controls' test ids. */
  testId: string;
  text: string;
  view: OutputView;
  onView(view: OutputView): void;
}

/** Rendered / Raw switch and a Copy button (the raw text) above a model output. */
export function OutputToolbar({ testId, text, view, onView }: OutputToolbarProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <div className="output-toolbar">
      <fieldset className="output-toolbar__views">
        <legend className="visually-hidden">Show the output</legend>
        {(['rendered', 'raw'] as const).map((v) => (
          <button
            key={v}
            type="button"
            className={`output-toolbar__view${view === v ? ' output-toolbar__view--on' : ''}`}
            aria-pressed={view === v}
            onClick={() => onView(v)}
            data-testid={`output-view-${v}-${testId}`}
          >
            {v === 'rendered' ? 'Rendered' : 'Raw'}
          </button>
        ))}
      </fieldset>
      <button
        type="button"
        className="output-toolbar__copy"
        onClick={copy}
        data-testid={`output-copy-${testId}`}
      >
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
    </div>
  );
}
