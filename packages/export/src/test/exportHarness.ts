import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWorkflowFile } from '@synapse/schema';
import { expect } from 'vitest';
import { readHeadlessSecret } from '../../../../apps/cli/src/readHeadlessSecret';
import { runCommand } from '../../../../apps/cli/src/runCommand';
import {
  type FakeLlm,
  type RecordedRequest,
  startFakeAnthropic,
  startFakeOpenAI,
} from '../../../testkit/src/fakes/index';
import { exportWorkflow } from '../exportWorkflow';

// Runs one workflow three ways against the same fake providers: `synapse run` in this process
// (runCommand: runHeadless + the provider registry, router and callModel), the exported Python
// script under python3 and the exported TypeScript module under Node. Test-only.

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const OPENAI_KEY = 'sk-export-openai';
const ANTHROPIC_KEY = 'sk-ant-export';

export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  openai: FakeLlm;
  anthropic: FakeLlm;
  /** A keyless OpenAI-compatible server standing in for Ollama. */
  ollama: FakeLlm;
  dir: string;
  /**
   * Workspace secrets of HTTP nodes (and `<NAME>_HOSTS` lists): the scripts read them as
   * SYNAPSE_SECRET_<NAME>, `synapse run` gets them through readHeadlessSecret from the same variables.
   */
  secrets: Record<string, string>;
  synapse(workflowFile: object, args: string[]): Promise<RunOutput>;
  python(workflowFile: object, args: string[]): Promise<RunOutput>;
  /**
   * Runs the exported TypeScript module. With `packages`, it runs in a directory whose node_modules
   * holds only those packages, as a project that installed just what the header asks for.
   */
  typescript(workflowFile: object, args: string[], packages?: string[]): Promise<RunOutput>;
  /** Writes the exported code into the harness directory and returns its path. */
  exportTo(workflowFile: object, lang: 'python' | 'ts', fileName: string): Promise<string>;
  close(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

export type Lang = 'synapse' | 'python' | 'typescript';

/**
 * Runs the workflow three ways with the same arguments, one after the other (so request logs are per
 * run, and `before` can script the fakes for each), and checks that the exported programs print what
 * Synapse printed and exit the same way.
 */
export async function runEverywhere(
  h: Harness,
  file: object,
  args: string[],
  before?: (lang: Lang) => void,
): Promise<Record<Lang, RunOutput>> {
  const out = {} as Record<Lang, RunOutput>;
  for (const lang of ['synapse', 'python', 'typescript'] as const) {
    before?.(lang);
    out[lang] = await h[lang](file, args);
  }
  for (const lang of ['python', 'typescript'] as const) {
    expect(out[lang].stdout, `${lang} stdout (stderr: ${out[lang].stderr})`).toBe(out.synapse.stdout);
    expect(out[lang].code, `${lang} exit code (stderr: ${out[lang].stderr})`).toBe(out.synapse.code);
  }
  return out;
}

/** What a request asked the model, without transport details (Synapse streams, the exports do not). */
export function requestOf(request: RecordedRequest): string {
  const { stream: _stream, stream_options: _options, ...asked } = request.body as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(asked).sort(([a], [b]) => (a < b ? -1 : 1))));
}

let counter = 0;

export async function startHarness(): Promise<Harness> {
  const openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
  const anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
  const ollama = await startFakeOpenAI();
  const dir = await mkdtemp(join(tmpdir(), 'synapse-export-'));
  // The exported module imports `openai` and `@anthropic-ai/sdk` as a user's project would have
  // them; Node resolves bare imports next to the file (and strips types only outside node_modules).
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Outside `dir`, so a bare import cannot climb up to the full node_modules linked above.
  const projects = await mkdtemp(join(tmpdir(), 'synapse-export-projects-'));

  // Only the providers `synapse run` is given here reach the scripts, so both see the same world.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.baseURL,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropic.baseURL,
    OLLAMA_BASE_URL: ollama.baseURL,
  };
  const credentials = (id: string) => {
    if (id === 'openai') return { apiKey: OPENAI_KEY, baseURL: openai.baseURL };
    if (id === 'anthropic') return { apiKey: ANTHROPIC_KEY, baseURL: anthropic.baseURL };
    if (id === 'ollama') return { baseURL: ollama.baseURL };
    return null;
  };
  /** The file's code in `lang`, its bundled sub-workflows included, as `synapse export` writes it. */
  const exportOf = (workflowFile: object, lang: 'python' | 'ts') => {
    const parsed = parseWorkflowFile(JSON.stringify(workflowFile));
    if (!parsed.ok) throw new Error(parsed.message);
    return exportWorkflow(parsed.graph, { lang, subworkflows: parsed.subworkflows });
  };
  const fileFor = async (ext: string, text: string) => {
    counter += 1;
    const path = join(dir, `workflow-${counter}.${ext}`);
    await writeFile(path, text);
    return path;
  };

  const secrets: Record<string, string> = {};
  /** The environment with the harness's secrets as the exported scripts read them. */
  const scriptEnv = (): NodeJS.ProcessEnv => ({
    ...env,
    ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`SYNAPSE_SECRET_${k}`, v])),
  });
  return {
    openai,
    anthropic,
    ollama,
    dir,
    secrets,
    async synapse(workflowFile, args) {
      const path = await fileFor('json', JSON.stringify(workflowFile));
      const out = { stdout: '', stderr: '' };
      const code = await runCommand([path, ...args], {
        stdout: (t) => {
          out.stdout += t;
        },
        stderr: (t) => {
          out.stderr += t;
        },
        credentials,
        secret: (name) => readHeadlessSecret(name, scriptEnv()),
        // The fake HTTP servers are on loopback.
        addressPolicy: { allowPrivate: false, allow: ['127.0.0.0/8'] },
      });
      // What a real stdout receives: UTF-8, in which a lone surrogate becomes U+FFFD.
      const written = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
      return { code, stdout: written(out.stdout), stderr: written(out.stderr) };
    },
    async python(workflowFile, args) {
      const path = await fileFor('py', exportOf(workflowFile, 'python'));
      return run('python3', [path, ...args], scriptEnv());
    },
    async typescript(workflowFile, args, packages) {
      const code = exportOf(workflowFile, 'ts');
      if (!packages) return run(process.execPath, [await fileFor('mts', code), ...args], scriptEnv());
      counter += 1;
      const project = join(projects, `project-${counter}`);
      await mkdir(project);
      for (const name of packages) {
        const link = join(project, 'node_modules', name);
        await mkdir(dirname(link), { recursive: true });
        await symlink(join(REPO, 'node_modules', name), link, 'dir');
      }
      const path = join(project, 'workflow.mts');
      await writeFile(path, code);
      return run(process.execPath, [path, ...args], scriptEnv());
    },
    async exportTo(workflowFile, lang, fileName) {
      const path = join(dir, fileName);
      await writeFile(path, exportOf(workflowFile, lang));
      return path;
    },
    async close() {
      await Promise.all([openai.close(), anthropic.close(), ollama.close()]);
      await rm(dir, { recursive: true, force: true });
      await rm(projects, { recursive: true, force: true });
    },
  };
}
