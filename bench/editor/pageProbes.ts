// Scripts injected into the page. They are plain JavaScript source, not functions: the TypeScript
// loader decorates named functions with helpers that do not exist in the page. Times are
// performance.now() (ms since that document's navigation start) or wall-clock ms.

export interface PaintMarks {
  /** All expected nodes are in the DOM. */
  dom?: number;
  /** …and React Flow has measured them (it keeps unmeasured nodes `visibility: hidden`). */
  visible?: number;
  /** The first task after the frame that showed them: a paint has happened. */
  painted?: number;
  /** synapse:replica-loaded, when the app had its IndexedDB replica (Synapse pages only). */
  replica?: number;
  /** DOMContentLoaded: the entry module has been fetched and run. */
  dcl?: number;
}

declare global {
  interface Window {
    __benchMarks: PaintMarks;
    /** Resolves (wall-clock ms, after a paint) once every target node shows its new transform. */
    __benchAwaitMoves(targets: Record<string, { x: number; y: number }>): Promise<number>;
  }
}

/** Init script: watches for `expected` rendered nodes from the very start of the document. */
export function paintProbe(expected: number): string {
  return `(() => {
  const expected = ${JSON.stringify(expected)};
  const marks = {};
  window.__benchMarks = marks;
  const afterPaint = (cb) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = cb;
    channel.port2.postMessage(null);
  });
  const observer = new MutationObserver(() => {
    const nodes = document.getElementsByClassName('react-flow__node');
    if (marks.dom === undefined && nodes.length >= expected) marks.dom = performance.now();
    if (marks.dom === undefined || marks.visible !== undefined) return;
    for (const node of nodes) if (node.style.visibility === 'hidden') return;
    marks.visible = performance.now();
    observer.disconnect();
    const replica = performance.getEntriesByName('synapse:replica-loaded').at(-1);
    if (replica) marks.replica = replica.startTime;
    const navigation = performance.getEntriesByType('navigation')[0];
    if (navigation) marks.dcl = navigation.domContentLoadedEventEnd;
    afterPaint(() => { marks.painted = performance.now(); });
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });

  window.__benchAwaitMoves = (targets) => new Promise((resolve) => {
    const ids = Object.keys(targets);
    const at = (el) => {
      const m = /translate\\(\\s*(-?[\\d.]+)px,\\s*(-?[\\d.]+)px\\)/.exec(el ? el.style.transform : '');
      return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
    };
    const moved = () => ids.every((id) => {
      const p = at(document.querySelector('.react-flow__node[data-id="' + id + '"]'));
      const t = targets[id];
      return p !== null && Math.abs(p.x - t.x) < 0.5 && Math.abs(p.y - t.y) < 0.5;
    });
    const watcher = new MutationObserver(() => {
      if (!moved()) return;
      watcher.disconnect();
      afterPaint(() => resolve(performance.timeOrigin + performance.now()));
    });
    watcher.observe(document, { subtree: true, attributes: true, attributeFilter: ['style'] });
  });
})();`;
}
