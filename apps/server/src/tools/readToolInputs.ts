import { type InputVariable, inputVariablesOf, readWorkflow } from '@synapse/schema';
import type * as Y from 'yjs';

/** A workflow document's Input-node variables: what its MCP tool's input schema is made from. */
export function readToolInputs(doc: Y.Doc): InputVariable[] {
  return readWorkflow(doc).nodes.flatMap((node) => inputVariablesOf(node));
}
