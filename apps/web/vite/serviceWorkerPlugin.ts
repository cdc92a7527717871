// biome-ignore lint/style/noRestrictedImports: a build-time Vite plugin; it runs in Node, not the browser
import { createHash } from 'node:crypto';
// biome-ignore lint/style/noRestrictedImports: a build-time Vite plugin; it runs in Node, not the browser
import { readdirSync, readFileSync, statSync } from 'node:fs';
// biome-ignore lint/style/noRestrictedImports: a build-time Vite plugin; it runs in Node, not the browser
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

const TEMPLATE = new URL('../sw/sw.js', import.meta.url);

function listFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    out = statSync(path).isDirectory() ? out.concat(listFiles(path)) : out.concat(path);
  }
  return out;
}

/**
 * Emits `sw.js` (template: sw/sw.js) with the build's precache list — index.html, every emitted file
 * except source maps, and the public directory except link-preview images — and a version hash over their contents, so each build that
 * changes anything installs a new worker and drops the old cache.
 */
export function serviceWorkerPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'synapse-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      // index.html is emitted by Vite's HTML plugin, possibly after this hook; its content only changes
      // with the hashed asset names, which are hashed below.
      const paths: string[] = ['/index.html'];
      for (const [fileName, output] of Object.entries(bundle)) {
        if (fileName.endsWith('.map') || fileName === 'index.html') continue;
        paths.push(`/${fileName}`);
        hash.update(fileName);
        hash.update(output.type === 'chunk' ? output.code : output.source);
      }
      if (config.publicDir) {
        for (const file of listFiles(config.publicDir)) {
          const path = `/${relative(config.publicDir, file).split(sep).join('/')}`;
          // Link-preview images are for other sites' crawlers, not for working offline.
          if (path === '/sw.js' || path.startsWith('/og-')) continue;
          paths.push(path);
          hash.update(path);
          hash.update(readFileSync(file));
        }
      }
      paths.sort();
      const version = hash.digest('hex').slice(0, 16);
      const source = readFileSync(TEMPLATE, 'utf8')
        .replace("'__SYNAPSE_SW_VERSION__'", JSON.stringify(version))
        .replace('__SYNAPSE_SW_PRECACHE__', JSON.stringify(paths));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
