import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'No existe la actividad con id abc.' }),
      details: z.unknown(),
    }),
  })
  .openapi('Error');

export const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

/** `YYYY-MM-DD`, a calendar date with no time (activity dates). */
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use el formato AAAA-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Fecha inexistente.')
  .openapi({ example: '2026-03-15' });

/** An instant with its offset, e.g. `2026-03-15T09:00:00-05:00`; stored in UTC. */
export const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-03-15T09:00:00-05:00' });

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export const errorResponses = {
  400: json(ErrorSchema, 'Datos inválidos'),
  404: json(ErrorSchema, 'No encontrado'),
} as const;
