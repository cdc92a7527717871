import { z } from 'zod';

/** Every API failure: `{ error: { code, message, details? } }`, codes from `ErrorCodes`. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'synapse.dag.cycle' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorBodySchema>;
