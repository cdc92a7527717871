import './graphPreview.css';
import type { NodeRunStatus, WorkflowGraph } from '@synapse/schema';
import { useId, useMemo } from 'react';
import { graphPreviewLayout, PREVIEW_NODE_H, PREVIEW_NODE_W } from './graphPreviewLayout';

interface GraphPreviewProps {
  graph: WorkflowGraph;
  /** Colour nodes by how they ran (a run's frozen graph); otherwise by node type. */
  statuses?: Record<string, NodeRunStatus>;
  /** Accessible description of the picture. */
  title: string;
  /** Thumbnail: shapes and type glyphs only, since labels would be too small to read. */
  compact?: boolean;
  testId?: string;
}

const TYPE_GLYPH: Record<string, string> = { input: '⇥', agent: '✦', router: '◆', output: '⇤' };

/** A read-only picture of a workflow graph in inline SVG: no canvas library, cheap enough for a gallery. */
export function GraphPreview({ graph, statuses, title, compact = false, testId }: GraphPreviewProps) {
  const layout = useMemo(() => graphPreviewLayout(graph), [graph]);
  // One marker per picture: ids must be unique in the page, and useId's colons do not belong in url().
  const arrowId = `graph-preview-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg
      className="graph-preview"
      viewBox={layout.viewBox}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={title}
      data-testid={testId}
    >
      <defs>
        <marker
          id={arrowId}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" className="graph-preview__arrow" />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const skipped = statuses && (statuses[e.target] === 'skipped' || statuses[e.source] === 'skipped');
        return (
          <path
            key={e.id}
            d={e.d}
            className={`graph-preview__edge${skipped ? ' graph-preview__edge--skipped' : ''}`}
            markerEnd={`url(#${arrowId})`}
          />
        );
      })}
      {layout.nodes.map((n) => {
        const status = statuses?.[n.id];
        const tone = status ? `status-${status}` : `type-${n.type}`;
        const label = n.label.length > 22 ? `${n.label.slice(0, 21)}…` : n.label;
        return (
          <g
            key={n.id}
            transform={`translate(${n.x},${n.y})`}
            className={`graph-preview__node graph-preview__node--${tone}`}
          >
            <title>{status ? `${n.label}: ${status}` : n.label}</title>
            <rect width={PREVIEW_NODE_W} height={PREVIEW_NODE_H} rx={12} />
            {compact ? (
              <text
                x={PREVIEW_NODE_W / 2}
                y={PREVIEW_NODE_H / 2 + 14}
                className="graph-preview__glyph graph-preview__glyph--large"
              >
                {TYPE_GLYPH[n.type] ?? '•'}
              </text>
            ) : (
              <>
                <text x={18} y={PREVIEW_NODE_H / 2 + 7} className="graph-preview__glyph">
                  {TYPE_GLYPH[n.type] ?? '•'}
                </text>
                <text x={46} y={PREVIEW_NODE_H / 2 + 7} className="graph-preview__label">
                  {label}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
