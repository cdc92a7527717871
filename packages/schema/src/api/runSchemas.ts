import { z } from 'zod';
import { RUN_STATUSES, RUN_VERSION_SOURCES } from '../runDoc';

// Runs, the workspace's run history and its usage analytics.

export const RunRowSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    workflowId: z.string(),
    versionId: z.string(),
    status: z.enum(RUN_STATUSES),
    requestedBy: z.string(),
    inputs: z.record(z.string(), z.string()),
    error: z.string().nullable(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
    cancelRequestedAt: z.number().nullable(),
    deadlineAt: z.number().nullable(),
    costUsd: z.number().nullable(),
    documentName: z.string(),
    versionSource: z.enum(RUN_VERSION_SOURCES).nullable().meta({
      description: '`draft`: the live document frozen at start; null on runs from before it was recorded',
    }),
    versionName: z
      .string()
      .nullable()
      .meta({ description: "The saved version's name (published or picked)" }),
    trigger: z.string().nullable().optional().meta({
      description:
        'What started the run: `manual`, `api`, `mcp`, `webhook:<id>`, `schedule:<id>` or `subworkflow:<runId>`; null on runs from before it was recorded',
    }),
    parentRunId: z.string().nullable().optional().meta({
      description: 'The run whose Sub-workflow node started this run; null for a top-level run',
    }),
    parentNodeId: z.string().nullable().optional().meta({
      description: 'The Sub-workflow node of `parentRunId` that started this run; null for a top-level run',
    }),
  })
  .meta({ id: 'Run' });

/** Which version a run runs: the live draft (default), the published version, or one saved version. */
export const RunVersionChoiceSchema = z
  .union([z.enum(['draft', 'published']), z.object({ versionId: z.string().min(1).max(64) }).strict()])
  .meta({ id: 'RunVersionChoice' });

export const StartRunBodySchema = z
  .object({
    inputs: z.record(z.string(), z.string().max(100_000)).default({}),
    version: RunVersionChoiceSchema.optional(),
  })
  .strict();

/** One run, as start, cancel and get answer it. */
export const RunResponseSchema = z.object({ run: RunRowSchema });
export const RunListSchema = z.object({ runs: z.array(RunRowSchema) });

/** `<createdAt>:<id>` of the last run of the previous page. */
export const RunCursorSchema = z
  .string()
  .regex(/^\d{1,16}:[A-Za-z0-9_-]{1,64}$/, 'a cursor is <createdAt>:<id>, as returned in `next`')
  .meta({ example: '1763683200000:Zx3kQ9' });

export const RunPageSchema = z.object({ runs: z.array(RunRowSchema), next: RunCursorSchema.nullable() });

export const UsageBucketSchema = z
  .object({
    day: z.number().nullable().meta({ description: 'UTC day (epoch ms at 00:00); null for range totals' }),
    key: z.string().meta({ description: 'Workflow id, or provider/model' }),
    runs: z.number(),
    succeeded: z.number(),
    failed: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    costUsd: z.number(),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
  })
  .meta({ id: 'UsageBucket' });

export const AnalyticsReportSchema = z.object({
  from: z.number(),
  to: z.number(),
  byWorkflow: z.array(UsageBucketSchema),
  byModel: z.array(UsageBucketSchema),
  workflowTotals: z.array(UsageBucketSchema),
  modelTotals: z.array(UsageBucketSchema),
  triggerTotals: z.array(UsageBucketSchema),
  workflowNames: z.record(z.string(), z.string()),
});

/** Memory bank use by agents ([polish] issue 16): reads, reads that found something, writes, top entries. */
export const MemoryUsageReportSchema = z
  .object({
    from: z.number(),
    to: z.number(),
    workflowId: z.string().nullable().meta({ description: 'The one workflow reported on, or null for all' }),
    daily: z.array(
      z.object({
        day: z.number().meta({ description: 'UTC day (epoch ms at 00:00)' }),
        workflowId: z.string().meta({ description: "The run's workflow; '' when unknown" }),
        reads: z.number(),
        readsWithHits: z.number().meta({ description: 'Reads that found at least one entry' }),
        writes: z.number(),
      }),
    ),
    topEntries: z.array(
      z.object({
        entryId: z.string(),
        uses: z.number().meta({ description: 'Times a read returned it' }),
        preview: z.string().nullable().meta({ description: 'Start of its content; null once deleted' }),
      }),
    ),
    workflowNames: z.record(z.string(), z.string()),
  })
  .meta({ id: 'MemoryUsageReport' });

export const SystemHealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checkedAt: z.number(),
    database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable() }),
    queue: z
      .object({
        ready: z.number(),
        deferred: z.number(),
        active: z.number(),
        oldestReadyAgeMs: z.number().nullable(),
      })
      .nullable(),
    runs: z.record(z.string(), z.number()),
    runners: z
      .object({ busy: z.number(), lastCompletedAt: z.number().nullable(), stalled: z.boolean() })
      .nullable(),
    sync: z.object({ connections: z.number(), documents: z.number() }),
    persistence: z.object({
      inflightRows: z.number(),
      oldestInflightMs: z.number(),
      committedRows: z.number(),
      commits: z.number(),
      failures: z.number(),
      lastCommitMs: z.number().nullable(),
      meanCommitMs: z.number().nullable(),
    }),
  })
  .meta({ id: 'SystemHealth' });

export type RunRow = z.infer<typeof RunRowSchema>;
export type StartRunBody = z.input<typeof StartRunBodySchema>;
export type RunVersionChoice = z.infer<typeof RunVersionChoiceSchema>;
export type RunPage = z.infer<typeof RunPageSchema>;
export type UsageBucket = z.infer<typeof UsageBucketSchema>;
export type AnalyticsReport = z.infer<typeof AnalyticsReportSchema>;
export type SystemHealth = z.infer<typeof SystemHealthSchema>;
export type MemoryUsageReport = z.infer<typeof MemoryUsageReportSchema>;
