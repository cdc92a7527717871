import { z } from 'zod';

// Schedules ([triggers] issue 14): a cron expression in a time zone that runs a workflow's published version.

export const SCHEDULE_OVERLAPS = ['skip', 'queue'] as const;
export const SCHEDULE_FIRING_STATUSES = ['pending', 'started', 'skipped', 'refused', 'failed'] as const;
/** How many upcoming ticks a schedule shows. */
export const SCHEDULE_PREVIEW_COUNT = 5;

const CronSchema = z
  .string()
  .trim()
  .regex(/^\S+( \S+){4}$/, 'a cron expression has five fields: minute hour day-of-month month day-of-week')
  .max(200)
  .meta({
    description: 'Five-field cron expression (minute granularity), e.g. `0 9 * * 1`',
    example: '0 9 * * 1',
  });

const TimezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'IANA time zone the expression is read in', example: 'Europe/Paris' });

const ScheduleInputsSchema = z
  .record(z.string().min(1).max(100), z.union([z.string().max(100_000), z.number(), z.boolean()]))
  .meta({ description: "Values of the workflow's Input-node variables every tick runs with" });

export const CreateScheduleBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    cron: CronSchema,
    timezone: TimezoneSchema.default('UTC'),
    overlap: z.enum(SCHEDULE_OVERLAPS).default('skip').meta({
      description:
        '`skip`: a tick while the previous run of this schedule is queued or running starts nothing; `queue`: it starts another',
    }),
    inputs: ScheduleInputsSchema.default({}),
    paused: z.boolean().default(false),
  })
  .strict();
export type CreateScheduleBody = z.infer<typeof CreateScheduleBodySchema>;

export const UpdateScheduleBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    cron: CronSchema.optional(),
    timezone: TimezoneSchema.optional(),
    overlap: z.enum(SCHEDULE_OVERLAPS).optional(),
    inputs: ScheduleInputsSchema.optional(),
    paused: z.boolean().optional().meta({ description: 'true pauses (no ticks), false resumes' }),
  })
  .strict();
export type UpdateScheduleBody = z.infer<typeof UpdateScheduleBodySchema>;

export const ScheduleSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    overlap: z.enum(SCHEDULE_OVERLAPS),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    paused: z.boolean(),
    /** Upcoming ticks (epoch ms), computed by the server; empty while paused. */
    nextRuns: z.array(z.number()).meta({ description: 'The next ticks (epoch ms); empty while paused' }),
    createdBy: z.string().meta({ description: 'The user the schedule runs as (same as `runsAs.id`)' }),
    runsAs: z.object({ id: z.string(), name: z.string().nullable() }).meta({
      description:
        'Who the ticks run as, at their current role: the creator, then whoever last changed the inputs, cron, time zone or overlap',
    }),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ScheduleResponseSchema = z.object({ schedule: ScheduleSchema });
export const ScheduleListSchema = z.object({ schedules: z.array(ScheduleSchema) });

export const SchedulePreviewQuerySchema = z.object({
  cron: CronSchema,
  timezone: TimezoneSchema.default('UTC'),
});
export const SchedulePreviewSchema = z.object({ nextRuns: z.array(z.number()) });

export const ScheduleFiringSchema = z
  .object({
    id: z.string(),
    firedAt: z.number(),
    status: z.enum(SCHEDULE_FIRING_STATUSES),
    runId: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'ScheduleFiring' });
export type ScheduleFiringView = z.infer<typeof ScheduleFiringSchema>;

export const ScheduleFiringListSchema = z.object({ firings: z.array(ScheduleFiringSchema) });
