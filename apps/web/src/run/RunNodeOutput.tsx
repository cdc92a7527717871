import { useState } from 'react';
import { useFollowTail } from './useFollowTail';

interface RunNodeOutputProps {
  nodeId: string;
  output: string;
  streaming: boolean;
}

/**
 * A node's streamed text in a bounded box that follows the newest line while it streams; long text
 * can be shown in full. The box's text is exactly the document's output (the caret is decoration).
 */
export function RunNodeOutput({ nodeId, output, streaming }: RunNodeOutputProps) {
  const [expanded, setExpanded] = useState(false);
  const { ref, onScroll, overflowing } = useFollowTail<HTMLPreElement>(output, streaming);
  // An empty box stays in the DOM (hidden) so every node has an output element to read.
  const empty = !output && !streaming;
  return (
    <div className="run-node__output-wrap" hidden={empty}>
      <pre
        ref={ref}
        onScroll={onScroll}
        className={`run-node__output${expanded ? ' run-node__output--expanded' : ''}`}
        data-testid={`node-output-${nodeId}`}
        aria-live={streaming ? 'polite' : 'off'}
        // A scrolling box must be reachable from the keyboard to be scrolled without a mouse.
        tabIndex={overflowing ? 0 : undefined}
      >
        {output}
        {streaming && <span className="caret" aria-hidden="true" />}
      </pre>
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
