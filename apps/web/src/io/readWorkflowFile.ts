import { parseWorkflowFile, type WorkflowFileResult } from '@synapse/schema';

/** Larger than any workflow a person builds by hand; the server's document cap is 16 MB by default. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/** Reads a picked or dropped file as a workflow file (or a bare graph), with a readable refusal. */
export async function readWorkflowFile(file: Blob & { name?: string }): Promise<WorkflowFileResult> {
  if (file.size > MAX_IMPORT_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return { ok: false, message: `This file is too large to import (${mb} MB; the limit is 8 MB).` };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return {
      ok: false,
      message: `Could not read the file: ${error instanceof Error ? error.message : error}`,
    };
  }
  return parseWorkflowFile(text);
}
