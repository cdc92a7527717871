import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** Builds bench/editor/plain (React Flow from plain JSON) into `outDir`, like the app is built. */
export async function buildPlainPage(outDir: string): Promise<void> {
  await build({
    root: fileURLToPath(new URL('./plain/', import.meta.url)),
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  });
}
