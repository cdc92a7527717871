import { z } from 'zod';
import type { GraphNode, InputVariable, InputVariableType } from '../graphTypes';
import { readField, readString } from '../readUntrusted';
import type { NodeDefinition } from './NodeDefinition';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const VARIABLE_TYPES: readonly InputVariableType[] = ['string', 'number', 'boolean', 'text'];

/** Input variables with valid, unique names (first wins); bad entries are dropped, not guessed at. */
export function readVariables(raw: unknown): InputVariable[] {
  const out: InputVariable[] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(raw) ? raw : []) {
    const name = readString(readField(item, 'name'), '');
    if (!ID.test(name) || seen.has(name)) continue;
    seen.add(name);
    const rawType = readField(item, 'type');
    const type = VARIABLE_TYPES.find((t) => t === rawType) ?? 'string';
    const variable: InputVariable = { name, type, default: readString(readField(item, 'default'), '') };
    const description = readString(readField(item, 'description'), '');
    if (description) variable.description = description;
    if (readField(item, 'required') === true) variable.required = true;
    out.push(variable);
  }
  return out;
}

/** The variables an input node declares (none for any other type). */
export function inputVariablesOf(node: GraphNode): InputVariable[] {
  return node.type === 'input' ? readVariables(node.data.variables) : [];
}

export interface InputNodeData {
  label: string;
  /** Legacy: the text fed downstream when the node declares no variables. */
  value: string;
  variables: InputVariable[];
}

/**
 * An input node's output: its one variable's value, `name: value` lines for several, or (a legacy node
 * without variables) the run input named by its id or label, else its `value`.
 */
export function inputNodeOutput(node: GraphNode, inputs: Record<string, string>): string {
  const variables = inputVariablesOf(node);
  const value = (name: string) => (Object.hasOwn(inputs, name) ? (inputs[name] ?? '') : '');
  if (variables.length === 1) return value((variables[0] as { name: string }).name);
  if (variables.length > 1) return variables.map((v) => `${v.name}: ${value(v.name)}`).join('\n');
  const label = String(node.data.label ?? '');
  if (Object.hasOwn(inputs, node.id)) return value(node.id);
  if (label && Object.hasOwn(inputs, label)) return value(label);
  return String(node.data.value ?? '');
}

const inputConfig = z.object({
  label: z.string(),
  value: z.string(),
  variables: z.array(
    z.object({
      name: z.string(),
      type: z.enum(VARIABLE_TYPES),
      default: z.string(),
      description: z.string().optional(),
      required: z.boolean().optional(),
    }),
  ),
}) satisfies z.ZodType<InputNodeData>;

export const inputNode: NodeDefinition<InputNodeData> = {
  type: 'input',
  title: 'Input',
  executable: true,
  fields: { value: 'string', variables: 'array' },
  defaults: () => ({ value: '' }),
  normalize(data) {
    data.value = readString(data.value, '');
    data.variables = readVariables(data.variables);
  },
  read: (node) => ({
    label: readString(node.data.label, inputNode.title),
    value: readString(node.data.value, ''),
    variables: inputVariablesOf(node),
  }),
  config: inputConfig,
  templateFields: [],
  exposes: ['output'],
  sourceHandles: () => ['out'],
  targetHandles: [],
};
