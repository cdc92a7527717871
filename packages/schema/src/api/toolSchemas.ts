import { z } from 'zod';

// MCP servers and their tools, API tokens, workflows published as tools, the memory bank, providers.

export const McpServerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    transport: z.enum(['http', 'stdio']),
    url: z.string().nullable(),
    stdioEntry: z.string().nullable(),
    headerName: z.string().nullable(),
    hasHeader: z.boolean(),
    createdAt: z.number(),
  })
  .meta({ id: 'McpServer' });

export const McpServerListSchema = z.object({
  servers: z.array(McpServerSchema),
  stdioChoices: z.array(z.object({ id: z.string(), label: z.string() })),
});

// Strict objects: a `command` or `args` field is refused, not ignored.
export const AddServerBodySchema = z.discriminatedUnion('transport', [
  z
    .object({
      transport: z.literal('http'),
      name: z.string().min(1).max(100),
      url: z.string().min(1).max(2048),
      headerName: z.string().max(64).optional(),
      headerValue: z.string().min(8).max(4096).optional(),
    })
    .strict(),
  z
    .object({
      transport: z.literal('stdio'),
      name: z.string().max(100).optional(),
      entry: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    })
    .strict(),
]);

export const McpToolSchema = z
  .object({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    inputSchema: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'McpTool' });

/** An unreachable server is a result with `error`, not a failure. */
export const McpToolListSchema = z.object({ tools: z.array(McpToolSchema), error: z.string().nullable() });

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hint: z.string(),
    scope: z.enum(['read', 'run']).meta({
      description:
        "At most what the token may do: `read` acts as a viewer, `run` as an editor; never more than its creator's current role",
    }),
    createdBy: z.string(),
    createdAt: z.number(),
    lastUsedAt: z.number().nullable(),
    revokedAt: z.number().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const CreateTokenBodySchema = z
  .object({ name: z.string().min(1).max(100), scope: z.enum(['read', 'run']).default('run') })
  .strict();
export const CreatedTokenSchema = z.object({ token: z.string(), info: ApiTokenSchema });

export const PublishedWorkflowSchema = z
  .object({ workflowId: z.string(), toolName: z.string(), description: z.string(), publishedAt: z.number() })
  .meta({ id: 'PublishedWorkflow' });

export const PublishBodySchema = z
  .object({
    toolName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'tool names are letters, digits, _ and -'),
    description: z.string().max(1000).optional(),
  })
  .strict();

export const MemoryEntrySchema = z
  .object({
    id: z.string(),
    content: z.string(),
    runId: z.string().nullable(),
    nodeId: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .meta({ id: 'MemoryEntry' });

export const MemoryContentBodySchema = z.object({ content: z.string().min(1).max(20_000) }).strict();

export const ProviderSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    kind: z.string(),
    requiresKey: z.boolean(),
    /** A key is stored for it in this workspace (or it needs none). */
    configured: z.boolean(),
    models: z.array(z.object({ id: z.string(), label: z.string() })),
  })
  .meta({ id: 'Provider' });

export type McpServer = z.infer<typeof McpServerSchema>;
export type McpServerList = z.infer<typeof McpServerListSchema>;
export type AddServerBody = z.input<typeof AddServerBodySchema>;
export type McpTool = z.infer<typeof McpToolSchema>;
export type McpToolList = z.infer<typeof McpToolListSchema>;
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type CreateTokenBody = z.input<typeof CreateTokenBodySchema>;
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
export type PublishedWorkflow = z.infer<typeof PublishedWorkflowSchema>;
export type PublishBody = z.input<typeof PublishBodySchema>;
export type MemoryEntry = z.infer<typeof MemoryEntrySchema>;
export type Provider = z.infer<typeof ProviderSchema>;
