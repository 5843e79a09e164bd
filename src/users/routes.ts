import { createRoute, z } from '@hono/zod-openapi';
import { passwordRules } from '../auth/crypto.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { createUser, listUsers, updateUser } from './users.js';

export const userRoutes = createRouter();
const tags = ['Usuarios'];

const RoleSchema = z.enum(['admin', 'communications', 'approver', 'department', 'viewer']).openapi('Role');
const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    departments: z.array(z.object({ id: z.string(), name: z.string() })),
    createdAt: z.string(),
  })
  .openapi('User');

userRoutes.openapi(
  createRoute({ method: 'get', path: '/users', tags, summary: 'Lista los usuarios', responses: { 200: json(z.array(UserSchema), 'Usuarios') } }),
  async (c) => c.json(await listUsers(c.var.db), 200),
);

userRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users',
    tags,
    summary: 'Crea un usuario con su rol y dependencias (sin contraseña, se genera una y se muestra una vez)',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z
              .object({
                email: z.string().email(),
                name: z.string().trim().min(2).max(200),
                role: RoleSchema,
                departmentIds: z.array(z.string().min(1)).max(50).optional(),
                password: z.string().min(passwordRules.min).max(passwordRules.max).optional(),
              })
              .strict()
              .openapi('UserCreate'),
          },
        },
        required: true,
      },
    },
    responses: { 201: json(z.object({ user: UserSchema, generatedPassword: z.string().nullable() }), 'Usuario creado'), 400: errorResponses[400], 409: errorResponses[400], 422: errorResponses[400] },
  }),
  async (c) => c.json(await createUser({ db: c.var.db, actor: c.var.actor, input: c.req.valid('json') }), 201),
);

userRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/users/{id}',
    tags,
    summary: 'Cambia nombre, rol, dependencias o estado de un usuario',
    request: {
      params: IdParam,
      body: {
        content: {
          'application/json': {
            schema: z
              .object({ name: z.string().trim().min(2).max(200), role: RoleSchema, active: z.boolean(), departmentIds: z.array(z.string().min(1)).max(50) })
              .partial()
              .strict()
              .openapi('UserUpdate'),
          },
        },
        required: true,
      },
    },
    responses: { 200: json(UserSchema, 'Usuario actualizado'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => c.json(await updateUser({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, changes: c.req.valid('json') }), 200),
);
