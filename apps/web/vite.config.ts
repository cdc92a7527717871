import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serviceWorkerPlugin } from './vite/serviceWorkerPlugin.ts';

// The dev server proxies the API and the sync WebSocket to a locally running `synapse start`,
// so the browser sees one origin exactly as it does in production.
const backend = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react(), serviceWorkerPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/sync': { target: backend, ws: true, changeOrigin: true },
    },
  },
});
