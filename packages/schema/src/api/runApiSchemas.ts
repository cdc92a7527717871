import { z } from 'zod';
import { RUN_STATUSES } from '../runDoc';

// The run API under /api/v1 ([run-api], issue 13): what scripts send and get back, with an API token.

/** Which workflow state a run runs: the live draft, the published version, or a saved version's id. */
export const RunVersionSchema = z
  // One string (`draft` and `published` are spelled like ids), so the component stays a plain type.
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "a version is 'draft', 'published' or a version id")
  .meta({
    id: 'RunVersion',
    description:
      "`published` (the default: the workflow's published version), `draft` (the live document) or a version id",
    example: 'published',
  });

export const ApiStartRunBodySchema = z
  .object({
    inputs: z
      .record(z.string(), z.union([z.string().max(100_000), z.number(), z.boolean()]))
      .default({})
      .meta({
        description: "Values of the workflow's Input-node variables; omitted ones take their defaults",
      }),
    version: RunVersionSchema.optional(),
  })
  .strict()
  .meta({ id: 'ApiStartRun' });

/** `?wait=30s`: how long a start waits for the outputs before answering 202 with the run id. */
export const WaitSchema = z
  .string()
  .regex(/^\d{1,4}(ms|s)?$/, 'wait is a duration such as 30s, 1500ms or 30 (seconds)')
  .meta({ example: '30s' });

export const ApiRunSchema = z
  .object({
    runId: z.string(),
    workflowId: z.string(),
    status: z.enum(RUN_STATUSES),
    versionId: z.string().meta({ description: 'The immutable version the run executed' }),
    inputs: z.record(z.string(), z.string()),
    outputs: z
      .record(z.string(), z.string())
      .nullable()
      .meta({ description: "Output nodes' text by label, once the run has finished; null before" }),
    error: z.string().nullable(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
    documentName: z.string().meta({ description: 'The run document, for a sync connection' }),
    trigger: z.string().nullable().meta({
      description:
        'What started the run: `manual`, `api`, `mcp`, `webhook:<id>`, `schedule:<id>` or `subworkflow:<runId>`',
    }),
    parentRunId: z.string().nullable().meta({
      description: 'The run whose Sub-workflow node started this one (ADR 0024); null for a top-level run',
    }),
    parentNodeId: z.string().nullable().meta({
      description: 'The Sub-workflow node of `parentRunId` that started this run; null for a top-level run',
    }),
  })
  .meta({ id: 'ApiRun' });

export const ApiSyncTokenSchema = z
  .object({
    token: z.string().meta({ description: "Pass as a HocuspocusProvider's `token`" }),
    expiresAt: z.number(),
    workspaceId: z.string(),
    access: z
      .enum(['read', 'write'])
      .meta({ description: "What the token's connections may do to workflows" }),
  })
  .meta({ id: 'ApiSyncToken' });

/** The events of `Accept: text/event-stream`, each an SSE `event:` name with this JSON as `data:`. */
export const RunEventSchemas = {
  'run.started': z.object({ runId: z.string(), workflowId: z.string(), versionId: z.string() }),
  'node.started': z.object({ nodeId: z.string(), label: z.string(), type: z.string() }),
  token: z.object({ nodeId: z.string(), delta: z.string() }),
  'output.reset': z.object({ nodeId: z.string() }),
  'tool.call': z.object({
    nodeId: z.string(),
    id: z.string(),
    tool: z.string(),
    name: z.string(),
    arguments: z.string(),
    status: z.string(),
  }),
  'node.finished': z.object({
    nodeId: z.string(),
    status: z.string(),
    error: z.string().nullable(),
  }),
  'run.finished': ApiRunSchema,
} as const;

export type RunEventName = keyof typeof RunEventSchemas;
export type RunEvent = {
  [K in RunEventName]: { event: K; data: z.infer<(typeof RunEventSchemas)[K]> };
}[RunEventName];

export type ApiStartRunBody = z.input<typeof ApiStartRunBodySchema>;
export type ApiRun = z.infer<typeof ApiRunSchema>;
export type ApiSyncToken = z.infer<typeof ApiSyncTokenSchema>;
export type RunVersion = z.infer<typeof RunVersionSchema>;
