export const NAVIGATE_EVENT = 'synapse:navigate';

/** Client-side navigation without a router library: pushState plus a notification. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
