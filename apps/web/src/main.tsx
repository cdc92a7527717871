import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/editor.css';
import './styles/run.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { sessionCache } from './account/sessionCache';
import { parseRoute } from './routing/parseRoute';
import { reconnectWhenOnline } from './sync/onlineStatus';
import { prefetchRouteDocuments } from './sync/prefetchRouteDocuments';
import { registerServiceWorker } from './sync/registerServiceWorker';
import { startPendingUploads } from './sync/uploadPendingDocuments';
import { loadTheme } from './theme/themeStore';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Before the first render, and without an inline script (the CSP allows none): the remembered theme.
loadTheme(sessionCache.read()?.user.id ?? null);
prefetchRouteDocuments(location.pathname);
// The editor chunk depends on neither the session check nor the document: fetch it alongside both.
if (parseRoute(location.pathname).name === 'editor') void import('./screens/EditorScreen');
registerServiceWorker();
reconnectWhenOnline();
startPendingUploads();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
