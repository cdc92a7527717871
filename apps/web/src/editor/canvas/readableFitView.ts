import type { FitViewOptions } from '@xyflow/react';

/**
 * Node labels are 14 px. Below this zoom they render under 9 px and cannot be read, so fitting the
 * view never zooms out further: a graph wider than the canvas is shown centred at this zoom and the
 * rest is a pan (or scroll) away — as n8n and Langflow do.
 */
export const MIN_READABLE_ZOOM = 0.65;

/** Every "fit to view" of a workflow canvas: on open, the button, Shift+1, after auto-layout. */
export const READABLE_FIT_VIEW = {
  maxZoom: 1,
  minZoom: MIN_READABLE_ZOOM,
  padding: 0.25,
} as const satisfies FitViewOptions;
