import { type RefObject, useState } from 'react';
import { MarkdownText } from '../markdown/MarkdownText';
import { OutputToolbar } from '../markdown/OutputToolbar';
import { useOutputView } from '../markdown/useOutputView';
import { useFollowTail } from './useFollowTail';

interface RunNodeOutputProps {
  nodeId: string;
  output: string;
  streaming: boolean;
}

/**
 * A node's streamed text in a bounded box that follows the newest line while it streams; long text
 * can be shown in full. Once the node stops it is shown as Markdown unless Raw is chosen. The raw box
 * (`node-output-…`) always holds exactly the document's output — hidden while the rendered view shows —
 * so what was streamed and what is rendered come from one text.
 */
export function RunNodeOutput({ nodeId, output, streaming }: RunNodeOutputProps) {
  const [expanded, setExpanded] = useState(false);
  const [view, setView] = useOutputView();
  const rendered = view === 'rendered' && !streaming && output.length > 0;
  const { ref, onScroll, overflowing } = useFollowTail<HTMLElement>(output, streaming, view);
  // An empty box stays in the DOM (hidden) so every node has an output element to read.
  const empty = !output && !streaming;
  const boxClass = `run-node__output${expanded ? ' run-node__output--expanded' : ''}`;
  return (
    <div className="run-node__output-wrap" hidden={empty}>
      {!streaming && output && <OutputToolbar testId={nodeId} text={output} view={view} onView={setView} />}
      <pre
        ref={rendered ? undefined : (ref as RefObject<HTMLPreElement>)}
        onScroll={rendered ? undefined : onScroll}
        className={boxClass}
        hidden={rendered}
        data-testid={`node-output-${nodeId}`}
        aria-live={streaming ? 'polite' : 'off'}
        // A scrolling box must be reachable from the keyboard to be scrolled without a mouse.
        tabIndex={overflowing && !rendered ? 0 : undefined}
      >
        {output}
        {streaming && <span className="caret" aria-hidden="true" />}
      </pre>
      {rendered && (
        <div
          ref={ref as RefObject<HTMLDivElement>}
          className={`${boxClass} run-node__output--markdown markdown`}
          data-testid={`rendered-output-${nodeId}`}
          tabIndex={overflowing ? 0 : undefined}
        >
          <MarkdownText text={output} />
        </div>
      )}
      {(overflowing || expanded) && (
        <button
          type="button"
          className="run-node__toggle"
          onClick={() => setExpanded((v) => !v)}
          aria-expanded={expanded}
          data-testid={`node-output-toggle-${nodeId}`}
        >
          {expanded ? 'Show less' : `Show all · ${output.length.toLocaleString()} characters`}
        </button>
      )}
    </div>
  );
}
