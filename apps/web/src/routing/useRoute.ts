import { useSyncExternalStore } from 'react';
import { NAVIGATE_EVENT } from './navigate';
import { parseRoute, type Route } from './parseRoute';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

let lastPath = '';
let lastRoute: Route = parseRoute('/');

function snapshot(): Route {
  if (location.pathname !== lastPath) {
    lastPath = location.pathname;
    lastRoute = parseRoute(lastPath);
  }
  return lastRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}
