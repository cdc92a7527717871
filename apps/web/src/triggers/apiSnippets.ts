import type { InputVariable } from '@synapse/schema';

export type SnippetLanguage = 'curl' | 'python' | 'typescript';
export type InputValue = string | number | boolean;

/** The environment variable every snippet reads the API token from (the panel says how to set it). */
export const TOKEN_VARIABLE = 'SYNAPSE_TOKEN';

/**
 * A value for each declared input, as the run API takes it: the default typed as declared, or — for a
 * required input without one — a placeholder naming it, so the snippet shows what to fill in.
 */
export function exampleInputs(variables: readonly InputVariable[]): Record<string, InputValue> {
  const out: Record<string, InputValue> = {};
  for (const v of variables) {
    const text = v.default;
    if (v.type === 'number' && text.trim() !== '' && Number.isFinite(Number(text)))
      out[v.name] = Number(text);
    else if (v.type === 'boolean' && (text === 'true' || text === 'false')) out[v.name] = text === 'true';
    else if (text !== '') out[v.name] = text;
    else if (v.required) out[v.name] = v.type === 'number' ? 0 : v.type === 'boolean' ? false : `<${v.name}>`;
  }
  return out;
}

/** Single-quoted for a POSIX shell: nothing inside is expanded. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function pythonLiteral(value: Record<string, InputValue>): string {
  const entries = Object.entries(value).map(([k, v]) => {
    const literal = typeof v === 'boolean' ? (v ? 'True' : 'False') : JSON.stringify(v);
    return `${JSON.stringify(k)}: ${literal}`;
  });
  return `{${entries.join(', ')}}`;
}

/**
 * `POST /api/v1/workflows/{id}/runs` in three languages, with the workflow's inputs filled in and the
 * token read from `$SYNAPSE_TOKEN`; each waits up to 30 s for the outputs (docs/run-api.md).
 */
export function apiSnippets(context: {
  origin: string;
  workflowId: string;
  inputs: Record<string, InputValue>;
}): Record<SnippetLanguage, string> {
  const url = `${context.origin}/api/v1/workflows/${encodeURIComponent(context.workflowId)}/runs`;
  const body = JSON.stringify({ inputs: context.inputs });
  const curl = [
    `curl -sS -X POST ${shellQuote(`${url}?wait=30s`)} \\`,
    `  -H "Authorization: Bearer $${TOKEN_VARIABLE}" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${shellQuote(body)}`,
  ].join('\n');
  const python = [
    'import json, os, urllib.request',
    '',
    'request = urllib.request.Request(',
    `    ${JSON.stringify(`${url}?wait=30s`)},`,
    `    data=json.dumps({"inputs": ${pythonLiteral(context.inputs)}}).encode(),`,
    '    headers={',
    `        "Authorization": "Bearer " + os.environ[${JSON.stringify(TOKEN_VARIABLE)}],`,
    '        "Content-Type": "application/json",',
    '    },',
    '    method="POST",',
    ')',
    'with urllib.request.urlopen(request) as response:',
    '    run = json.load(response)',
    'print(run["runId"], run["status"], run["outputs"])',
  ].join('\n');
  const typescript = [
    `const response = await fetch(${JSON.stringify(`${url}?wait=30s`)}, {`,
    "  method: 'POST',",
    '  headers: {',
    `    authorization: \`Bearer \${process.env.${TOKEN_VARIABLE}}\`,`,
    "    'content-type': 'application/json',",
    '  },',
    `  body: JSON.stringify({ inputs: ${JSON.stringify(context.inputs)} }),`,
    '});',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the snippet's own template literal, printed as is.
    'if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);',
    'const run = await response.json();',
    'console.log(run.runId, run.status, run.outputs);',
  ].join('\n');
  return { curl, python, typescript };
}
