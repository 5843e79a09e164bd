import { createRoute, z } from '@hono/zod-openapi';
import { writeAudit } from '../audit/write-audit.js';
import { AppError } from '../errors.js';
import { createRouter } from '../http/router.js';
import { errorResponses, json } from '../http/schemas.js';
import { departmentKey } from './import/departments.js';
import { listDepartments } from './list-departments.js';
import { DepartmentCreateSchema, DepartmentSchema } from './schemas.js';

export const departmentRoutes = createRouter();

departmentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/departments',
    tags: ['Dependencias'],
    summary: 'Lista las dependencias (secretarías, direcciones)',
    responses: { 200: json(z.array(DepartmentSchema), 'Dependencias') },
  }),
  async (c) => {
    return c.json(await listDepartments(c.var.db), 200);
  },
);

departmentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/departments',
    tags: ['Dependencias'],
    summary: 'Crea una dependencia',
    request: { body: { content: { 'application/json': { schema: DepartmentCreateSchema } }, required: true } },
    responses: { 201: json(DepartmentSchema, 'Dependencia creada'), 400: errorResponses[400], 409: errorResponses[400] },
  }),
  async (c) => {
    const { name } = c.req.valid('json');
    const key = departmentKey(name);
    const d = await c.var.db.$transaction(async (tx) => {
      const existing = await tx.department.findUnique({ where: { key } });
      if (existing) {
        throw new AppError('conflict', `Ya existe la dependencia «${existing.name}».`, { details: { id: existing.id } });
      }
      const created = await tx.department.create({ data: { name, key } });
      await writeAudit(tx, c.var.actor, { action: 'create', entityType: 'Department', entityId: created.id, after: created });
      return created;
    });
    return c.json({ id: d.id, name: d.name, key: d.key, activityCount: 0 }, 201);
  },
);
