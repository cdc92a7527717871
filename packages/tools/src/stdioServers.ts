import { z } from 'zod';

const StdioServerList = z
  .array(
    z
      .object({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'stdio server ids are letters, digits, _ and -'),
        label: z.string().min(1).max(100),
        command: z.string().min(1),
        args: z.array(z.string()).default([]),
        env: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
  )
  .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'stdio server ids must be unique');

/** An MCP server the operator allows to run over stdio. */
export type StdioServerEntry = z.infer<typeof StdioServerList>[number];

/**
 * The operator's stdio allow-list (`SYNAPSE_MCP_STDIO_SERVERS`): a JSON array of
 * `{ "id", "label", "command", "args"?, "env"? }`. Server and runner read the same value; users pick
 * entries by id and never define a command. Throws with every problem in one message.
 */
export function parseStdioServerList(text: string | undefined): StdioServerEntry[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('must be a JSON array');
  }
  const parsed = StdioServerList.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
