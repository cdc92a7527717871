// Synapse service worker: the app shell offline. Built by vite/serviceWorkerPlugin.ts, which replaces
// the two placeholders below with the build's version hash and its list of files.
//
// - navigations: network first (a fresh index.html when online), the cached shell when not;
// - /assets/* (content-hashed names): cache first, they never change;
// - other static files (favicon, og-image): cache first, refreshed in the background;
// - /api and /sync: never touched — live data is Yjs over the WebSocket, cached in IndexedDB.

const VERSION = '__SYNAPSE_SW_VERSION__';
const PRECACHE = __SYNAPSE_SW_PRECACHE__;
const CACHE = `synapse-shell-${VERSION}`;
const SHELL = '/index.html';
// A navigation that has not answered by then falls back to the cached shell (a dead Wi-Fi often
// hangs rather than fails).
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('synapse-shell-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function isLive(url) {
  return url.pathname === '/sync' || url.pathname.startsWith('/sync/') || url.pathname.startsWith('/api/');
}

async function fromNetworkWithTimeout(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function navigation(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fromNetworkWithTimeout(request);
    // Any route of the SPA is index.html; keep the newest one for the next offline start.
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, refresh) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    if (refresh) network.catch(() => undefined);
    return cached;
  }
  return network;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isLive(url)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request, false));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request, true));
  }
});
