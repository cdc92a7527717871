import { type OutputSchema, structuredOutputInstruction, structuredRepairParts } from '@synapse/schema';

/**
 * An agent's structured output as the runner handles it (apps/runner runAgentNode): the schema the
 * reply is validated against, the instruction appended to the rendered system prompt (it is not a
 * template) and the one repair turn's message around the problem, all from @synapse/schema.
 */
export interface PlanStructured {
  schema: OutputSchema;
  instruction: string;
  repair: [before: string, after: string];
}

export function planStructured(schema: OutputSchema | undefined): PlanStructured | null {
  if (!schema) return null;
  return {
    schema,
    instruction: structuredOutputInstruction(schema),
    repair: structuredRepairParts(schema),
  };
}
