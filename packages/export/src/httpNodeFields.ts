import type { PlanNode } from './buildExportPlan';
import { stringLiteral, textLiteral } from './escapeString';

type HttpPlanNode = Extract<PlanNode, { type: 'http' }>;

// The HTTP request node's entry in the exported NODES table, one function per language.

/** `(key, literal)` pairs of a Python dict entry. */
export function pythonHttpFields(node: HttpPlanNode, indent: string): [string, string][] {
  const str = (text: string) => stringLiteral(text, 'python');
  const headers = node.headers.map(([name, value]) => `(${str(name)}, ${str(value)})`).join(', ');
  return [
    ['method', str(node.method)],
    ['url', textLiteral(node.url, 'python', indent)],
    ['headers', `[${headers}]`],
    ['body', node.body === null ? 'None' : textLiteral(node.body, 'python', indent)],
    ['body_type', str(node.bodyType)],
    ['timeout_ms', String(node.timeoutMs)],
    ['retries', String(node.retries)],
    ['max_response_bytes', String(node.maxResponseBytes)],
  ];
}

/** `[name, literal]` pairs of a TypeScript object entry. */
export function typescriptHttpFields(node: HttpPlanNode, indent: string): [string, string][] {
  const str = (text: string) => stringLiteral(text, 'ts');
  const headers = node.headers.map(([name, value]) => `[${str(name)}, ${str(value)}]`).join(', ');
  return [
    ['method', str(node.method)],
    ['url', textLiteral(node.url, 'ts', indent)],
    ['headers', `[${headers}]`],
    ['body', node.body === null ? 'null' : textLiteral(node.body, 'ts', indent)],
    ['bodyType', str(node.bodyType)],
    ['timeoutMs', String(node.timeoutMs)],
    ['retries', String(node.retries)],
    ['maxResponseBytes', String(node.maxResponseBytes)],
  ];
}
