import type { DragEvent } from 'react';
import {
  PALETTE_DRAG_TYPE,
  PALETTE_GROUPS,
  type PaletteItem,
  paletteItemAccessibleName,
} from './paletteItems';

interface NodePaletteProps {
  onAdd: (item: PaletteItem) => void;
  disabled: boolean;
}

/**
 * Node types and agent presets. Drag one onto the canvas, or click (or Enter) to add it beside the
 * selected node, connected from it, or at the centre of the view when nothing is selected — so the
 * palette works from the keyboard too (see placeFromPalette).
 */
export function NodePalette({ onAdd, disabled }: NodePaletteProps) {
  const onDragStart = (item: PaletteItem) => (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, item.key);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="palette" aria-label="Add nodes" data-testid="node-palette">
      <h2 className="palette__title">Add</h2>
      {PALETTE_GROUPS.map((group) => (
        <section key={group.title} className="palette__group" aria-labelledby={`palette-${group.title}`}>
          <h3 id={`palette-${group.title}`} className="palette__group-title">
            {group.title}
          </h3>
          <ul className="palette__list">
            {group.items.map((item) => (
              <li key={item.key}>
                <button
                  type="button"
                  className={`palette__item palette__item--${item.type}`}
                  draggable={!disabled}
                  disabled={disabled}
                  onDragStart={onDragStart(item)}
                  onClick={() => onAdd(item)}
                  title={`${item.description}. Click to add, or drag onto the canvas.`}
                  aria-label={paletteItemAccessibleName(item)}
                  // The custom agent keeps the id the original "Add agent" button had, for older tests.
                  data-testid={
                    item.key === 'agent:custom' ? 'add-agent' : `palette-${item.key.replace(':', '-')}`
                  }
                >
                  <span className="palette__swatch" aria-hidden="true" />
                  <span className="palette__text">
                    <span className="palette__label">{item.label}</span>
                    <span className="palette__desc">{item.description}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
