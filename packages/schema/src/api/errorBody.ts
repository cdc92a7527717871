import { z } from 'zod';
import { ErrorCodes } from '../errorCodes';

/** Every API failure: `{ error: { code, message, details? } }`, codes from `ErrorCodes`. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: ErrorCodes.dagCycle }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorBodySchema>;
