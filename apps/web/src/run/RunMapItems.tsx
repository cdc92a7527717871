import type { MapItemRun } from '@synapse/schema';

interface RunMapItemsProps {
  nodeId: string;
  items: readonly MapItemRun[];
}

/**
 * A Map node's items as they run: how many are done, one cell per item coloured by its status (hover
 * or focus for its output or error), and which items failed. Every watcher reads them from the run
 * document (`nodes[<id>].items`).
 */
export function RunMapItems({ nodeId, items }: RunMapItemsProps) {
  const count = (status: MapItemRun['status']) => items.filter((i) => i.status === status).length;
  const done = count('succeeded') + count('failed') + count('cancelled');
  const running = count('running');
  const failed = items.filter((i) => i.status === 'failed');
  return (
    <div className="run-map" data-testid={`map-items-${nodeId}`}>
      <p className="run-map__summary" data-testid={`map-items-summary-${nodeId}`}>
        {done}/{items.length} items done
        {running > 0 && <span> · {running} running</span>}
        {failed.length > 0 && (
          <span className="run-map__failed"> · failed: {failed.map((i) => `#${i.index}`).join(', ')}</span>
        )}
      </p>
      <ol className="run-map__items" aria-label="Items">
        {items.map((item) => (
          <li
            key={item.index}
            className={`run-map__item run-map__item--${item.status}`}
            data-testid={`map-item-${nodeId}-${item.index}`}
            data-status={item.status}
            title={`#${item.index} ${item.status}${item.error ? `: ${item.error}` : item.output ? `: ${item.output.slice(0, 200)}` : ''}`}
          >
            <span className="visually-hidden">
              item {item.index} {item.status}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
