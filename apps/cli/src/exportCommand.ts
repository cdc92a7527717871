import { writeFile } from 'node:fs/promises';
import { ExportError, type ExportLanguage, exportWorkflow } from '@synapse/export';
import { readWorkflowArg } from './readWorkflowArg';

export const EXPORT_USAGE = `Usage: synapse export <workflow.json> [--lang python|ts] [--out file] [--name name]

Writes the workflow as a standalone program that runs it as \`synapse run\` does:
  python  one Python 3.8+ file, standard library only:     python3 workflow.py --input name=value
  ts      one TypeScript ES module on the SDKs its providers speak (openai, @anthropic-ai/sdk):
                                                            node workflow.mts --input name=value
The language follows from --out (.py, .ts, .mts) when --lang is not given. Without --out the code
goes to stdout. Exit code 0 on success, 2 for a usage error or a workflow that cannot be exported.`;

export interface ExportArgs {
  file: string;
  lang: ExportLanguage;
  out: string | null;
  name: string | null;
}

export interface ExportCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const LANGUAGES: Record<string, ExportLanguage> = {
  python: 'python',
  py: 'python',
  ts: 'ts',
  typescript: 'ts',
};

function languageOfFile(path: string): ExportLanguage | null {
  if (/\.py$/i.test(path)) return 'python';
  if (/\.m?ts$/i.test(path)) return 'ts';
  return null;
}

/** Parses `synapse export` arguments, or says what is wrong with them. */
export function parseExportArgs(
  argv: readonly string[],
): { ok: true; args: ExportArgs } | { ok: false; message: string } {
  let file: string | undefined;
  let lang: ExportLanguage | undefined;
  let out: string | null = null;
  let name: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      return argv[i];
    };
    if (flag === '--lang' || flag === '-l') {
      const given = value();
      const chosen = given === undefined ? undefined : LANGUAGES[given.toLowerCase()];
      if (!chosen)
        return { ok: false, message: `--lang must be python or ts, got ${JSON.stringify(given ?? '')}` };
      lang = chosen;
    } else if (flag === '--out' || flag === '-o') {
      const given = value();
      if (!given) return { ok: false, message: '--out needs a file name' };
      out = given;
    } else if (flag === '--name') {
      const given = value();
      if (given === undefined) return { ok: false, message: '--name needs a value' };
      name = given;
    } else if (arg.startsWith('-')) return { ok: false, message: `unknown option ${arg}` };
    else if (file === undefined) file = arg;
    else return { ok: false, message: `unexpected argument ${JSON.stringify(arg)}` };
  }
  if (!file) return { ok: false, message: 'which workflow file? (synapse export <workflow.json>)' };
  lang ??= out ? (languageOfFile(out) ?? undefined) : undefined;
  if (!lang) return { ok: false, message: 'which language? (--lang python or --lang ts)' };
  return { ok: true, args: { file, lang, out, name } };
}

/** `synapse export <workflow.json>`: the workflow as a Python or TypeScript program. */
export async function exportCommand(argv: readonly string[], io: ExportCommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${EXPORT_USAGE}\n`);
    return 0;
  }
  const parsed = parseExportArgs(argv);
  if (!parsed.ok) {
    io.stderr(`synapse export: ${parsed.message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const { file, lang, out, name } = parsed.args;
  const workflow = await readWorkflowArg('export', file, io);
  if (!workflow) return 2;
  let code: string;
  try {
    code = exportWorkflow(workflow.graph, {
      lang,
      subworkflows: workflow.subworkflows,
      ...(name !== null ? { name } : {}),
    });
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    io.stderr(`synapse export: ${file}: ${error.message} (${error.code})\n`);
    return 2;
  }
  if (out === null) {
    io.stdout(code);
    return 0;
  }
  try {
    // The Python script starts with a shebang: make it directly executable.
    await writeFile(out, code, { encoding: 'utf8', mode: lang === 'python' ? 0o755 : 0o644 });
  } catch (error) {
    io.stderr(`synapse export: cannot write ${out}: ${(error as Error).message}\n`);
    return 2;
  }
  const run = lang === 'python' ? `python3 ${out}` : `node ${out}`;
  io.stderr(`Exported ${file} to ${out}. Run it with: ${run} [--input name=value]...\n`);
  return 0;
}
