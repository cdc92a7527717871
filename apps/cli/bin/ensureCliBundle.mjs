// The CLI's bundle (ADR 0027): the workspace's TypeScript behind apps/cli/src/main.ts, bundled by esbuild
// into plain ES modules under node_modules/.cache/synapse-cli/<key>/, so a start loads a few files instead
// of running ~350 sources through tsx's loader (issue #18). Packages from node_modules stay external (they
// load exactly as they do from source: native addons, wasm, workers), except BUNDLED_PACKAGES below.
// The key is a hash of every workspace source as bundled, each workspace's package.json and tsconfig.json,
// tsconfig.base.json, the lockfile (which pins the packages) and this file: a change rebuilds (~1 s).
//
//   node apps/cli/bin/ensureCliBundle.mjs     builds it now if missing or stale (`npm run build` does)
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Bundles kept besides the current one: a running process may still import a lazy chunk of its own. */
const KEEP = 3;
const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.mts': 'ts', '.json': 'json', '.js': 'js', '.mjs': 'js' };
/**
 * Packages from node_modules bundled too: plain JavaScript on the start path that no external package
 * shares an instance of (yjs, lib0, @hocuspocus/*, zod stay external: the lazily loaded MCP SDK and Redis
 * extension import them too), and that never locate files beside themselves (no __dirname or
 * import.meta.url: checked for these versions). Bundling them saves the resolution of ~250 modules. Their
 * own dependencies that are not listed stay external.
 */
const BUNDLED_PACKAGES = new Set([
  'hono',
  '@hono/node-server',
  '@hono/zod-openapi',
  '@hono/zod-validator',
  '@asteasolutions/zod-to-openapi',
  'pg-boss',
  'pg',
  'pg-pool',
  'pg-protocol',
  'pg-types',
  'pg-connection-string',
  'postgres',
  'prom-client',
  '@opentelemetry/api',
  'tdigest',
  'bintrees',
  'cron-parser',
  'luxon',
  'jose',
  'openid-client',
  'oauth4webapi',
  'otpauth',
  'rate-limiter-flexible',
  'serialize-error',
]);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Files outside the bundle's inputs that change what esbuild produces or how the externals resolve. */
const SETTINGS = ['package-lock.json', 'tsconfig.base.json'];

function sha(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** This builder is part of every key: a change to how bundles are built rebuilds them. */
const BUILDER = sha(readFileSync(fileURLToPath(import.meta.url)));

/** One key over (path, content hash) pairs; a missing file hashes as missing, so it changes the key. */
function keyOf(hashes) {
  const lines = Object.entries(hashes)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, hash]) => `${path}\0${hash}`);
  return sha(`${BUILDER}\n${lines.join('\n')}`).slice(0, 20);
}

function hashFile(root, path) {
  try {
    return sha(readFileSync(join(root, path)));
  } catch {
    return 'missing';
  }
}

/** The current bundle's entry when every file it was keyed on is unchanged, else null. */
function freshEntry(root, cache) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8'));
  } catch {
    return null;
  }
  const hashes = Object.fromEntries(manifest.files.map((path) => [path, hashFile(root, path)]));
  const entry = join(cache, manifest.key, 'main.mjs');
  return keyOf(hashes) === manifest.key && existsSync(entry) ? entry : null;
}

/** Keeps the newest KEEP bundles besides `current`, and drops builds abandoned over a minute ago. */
async function prune(cache, current) {
  const entries = await readdir(cache, { withFileTypes: true });
  const dirs = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === current) continue;
    dirs.push({ name: entry.name, mtimeMs: (await stat(join(cache, entry.name))).mtimeMs });
  }
  const bundles = dirs.filter((d) => !d.name.startsWith('tmp-')).sort((a, b) => b.mtimeMs - a.mtimeMs);
  const abandoned = dirs.filter((d) => d.name.startsWith('tmp-') && Date.now() - d.mtimeMs > 60_000);
  const old = [...bundles.slice(KEEP), ...abandoned];
  await Promise.all(old.map((d) => rm(join(cache, d.name), { recursive: true, force: true })));
}

async function build(root, entry, cache) {
  const { build: esbuild } = await import('esbuild');
  const hashes = Object.fromEntries(SETTINGS.map((path) => [path, hashFile(root, path)]));
  const tmp = join(cache, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  try {
    await esbuild({
      absWorkingDir: root,
      entryPoints: { main: entry },
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // Dynamic imports (the runner, providers, exporter: only the commands that use them) stay lazy chunks.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      // Class and function names stay as written: errors and logs name them.
      keepNames: true,
      // Not loaded by default; NODE_OPTIONS=--enable-source-maps maps stack traces to the TypeScript.
      sourcemap: 'linked',
      logLevel: 'error',
      // Bundled CommonJS packages require Node's built-ins and external packages through this.
      banner: {
        js: "import { createRequire as synapseCreateRequire } from 'node:module'; const require = synapseCreateRequire(import.meta.url);",
      },
      plugins: [
        {
          name: 'synapse-sources',
          setup(b) {
            // The workspace's own packages and BUNDLED_PACKAGES are bundled; everything else is imported
            // from node_modules at run time.
            b.onResolve({ filter: /^[^./]/ }, (args) => {
              const name = packageName(args.path);
              if (name.startsWith('@synapse/') || BUNDLED_PACKAGES.has(name)) return undefined;
              return { path: args.path, external: true };
            });
            // Read once: what is hashed is exactly what is bundled. `import.meta.url` keeps naming the source
            // file, so `new URL('./migrations/', import.meta.url)`, the decode worker and the web root still
            // resolve in the source tree.
            b.onLoad({ filter: /.*/ }, async (args) => {
              // Packages from node_modules load as esbuild reads them; the lockfile is in the key.
              if (args.path.includes('/node_modules/')) return undefined;
              const path = relative(root, args.path);
              const bytes = await readFile(args.path);
              hashes[path] = sha(bytes);
              const dir = path.split('/').slice(0, 2).join('/');
              for (const file of ['package.json', 'tsconfig.json'])
                hashes[`${dir}/${file}`] ??= hashFile(root, `${dir}/${file}`);
              const text = bytes.toString('utf8');
              const ext = args.path.slice(args.path.lastIndexOf('.'));
              return {
                contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
                loader: LOADERS[ext] ?? 'text',
              };
            });
          },
        },
      ],
    });
    const key = keyOf(hashes);
    const dir = join(cache, key);
    if (!existsSync(dir)) {
      // Another process may finish the same build first; either copy is the same bundle.
      await rename(tmp, dir).catch((error) => {
        if (!existsSync(join(dir, 'main.mjs'))) throw error;
      });
    }
    // Written beside and renamed over, under this build's own name: concurrent builds never share a file.
    const manifest = join(cache, 'current.json');
    const written = `${tmp}.json`;
    await writeFile(written, JSON.stringify({ key, files: Object.keys(hashes).sort() }));
    await rename(written, manifest);
    await prune(cache, key);
    return join(dir, 'main.mjs');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The bundle's entry (a file path), built first when missing or stale. `log` hears about a build, which
 * happens on a fresh install and after the sources change. `root` and `entry` default to this repository
 * and the CLI (tests bundle a workspace of their own).
 */
export async function ensureCliBundle({
  log = () => undefined,
  root = REPO,
  entry = 'apps/cli/src/main.ts',
} = {}) {
  const cache = join(root, 'node_modules/.cache/synapse-cli');
  const fresh = freshEntry(root, cache);
  if (fresh) return fresh;
  log('Bundling the server (first start, or its sources changed)…');
  return await build(root, entry, cache);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const entry = await ensureCliBundle({ log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${relative(process.cwd(), dirname(entry))}\n`);
}
