import { z } from 'zod';
import { workflowGraphSchema } from '../workflowGraphSchema';

// A workflow's versions: named ones and those frozen by runs.

export const VersionSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    reason: z.enum(['run', 'manual']).meta({ description: '`run`: frozen when a run started' }),
    name: z.string().nullable().meta({ description: 'Manual versions only' }),
    createdBy: z.string().meta({ description: 'User id' }),
    createdAt: z.number(),
    runId: z.string().nullable().meta({ description: 'The run that froze it (run versions)' }),
    nodeCount: z.number(),
    published: z.boolean().meta({ description: "The workflow's published version: what automation runs" }),
  })
  .meta({ id: 'WorkflowVersion' });

export const VersionGraphSchema = workflowGraphSchema.meta({
  id: 'VersionGraph',
  description: 'docs/document-schema.md §6 (`graph.json`)',
});

export const VersionDetailSchema = VersionSchema.omit({ runId: true, nodeCount: true, published: true })
  .extend({ graph: VersionGraphSchema })
  .meta({ id: 'WorkflowVersionDetail' });

export const SaveVersionBodySchema = z.object({ name: z.string().trim().min(1).max(120) }).strict();

export const PublishVersionResponseSchema = z.object({
  version: VersionSchema,
  changed: z.boolean().meta({ description: 'false when this version already was the published one' }),
});

export const SubworkflowBundleBodySchema = z
  .object({ graph: VersionGraphSchema.meta({ description: 'The workflow as the editor has it now' }) })
  .strict();

export const SubworkflowBundleSchema = z
  .object({
    subworkflows: z
      .record(
        z.string().meta({ description: '`<workflowId>@<versionId>`; no version: the published one' }),
        z.object({
          versionId: z.string().meta({ description: 'The saved version the graph is' }),
          workflow: VersionGraphSchema,
        }),
      )
      .meta({ description: "A workflow file's `subworkflows` (docs/workflow-file-format.md)" }),
  })
  .meta({ id: 'SubworkflowBundle' });

export type Version = z.infer<typeof VersionSchema>;
export type VersionDetail = z.infer<typeof VersionDetailSchema>;
export type SubworkflowBundle = z.infer<typeof SubworkflowBundleSchema>;
