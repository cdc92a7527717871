import { MarkdownText } from './MarkdownText';
import { OutputToolbar } from './OutputToolbar';
import { useOutputView } from './useOutputView';

interface OutputTextProps {
  text: string;
  /** Suffix of the test ids. */
  testId: string;
  /** The box's class (bounds, scrolling). */
  className: string;
}

/** A finished model output: Markdown or raw text as the reader chooses, with a Copy button. */
export function OutputText({ text, testId, className }: OutputTextProps) {
  const [view, setView] = useOutputView();
  return (
    <>
      <OutputToolbar testId={testId} text={text} view={view} onView={setView} />
      {view === 'rendered' ? (
        <div className={`${className} markdown`} data-testid={`rendered-output-${testId}`}>
          <MarkdownText text={text} />
        </div>
      ) : (
        <pre className={className}>{text}</pre>
      )}
    </>
  );
}
