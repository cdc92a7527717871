/**
 * Production builds register the service worker (sw/sw.js, emitted by vite/serviceWorkerPlugin.ts) so
 * a reload with no network still opens the app; documents then load from IndexedDB. After the page
 * has loaded, so installing it never competes with the first paint.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('Service worker registration failed; the app will not open offline.', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
