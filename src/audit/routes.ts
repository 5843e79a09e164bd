import { csvAttachment } from '../http/csv-response.js';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { errorResponses, Instant } from '../http/schemas.js';
import { auditCsv } from './audit-csv.js';
import { listAudit } from './list-audit.js';

export const auditRoutes = createRouter();

export const AuditQuery = z.object({
  actorId: z.string().optional(),
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  action: z.string().optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit',
    tags: ['Auditoría'],
    summary: 'Registro de auditoría (quién, cuándo, qué, antes → después), filtrable; format=csv lo exporta',
    request: { query: AuditQuery },
    responses: {
      200: {
        description: 'Entradas, de la más reciente a la más antigua',
        content: { 'application/json': { schema: z.object({ total: z.number().int(), items: z.array(AuditEntrySchema) }) }, 'text/csv': { schema: z.string() } },
      },
      400: errorResponses[400],
    },
  }),
  async (c) => {
    const { format, ...filter } = c.req.valid('query');
    if (format === 'csv') {
      return csvAttachment(c, await auditCsv(c.var.db, filter), 'auditoria-pregon.csv');
    }
    return c.json(await listAudit(c.var.db, filter), 200);
  },
);
