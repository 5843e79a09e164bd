import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, Instant, json } from '../http/schemas.js';
import { NetworkSchema } from '../pieces/schemas.js';
import { connectAccountWithTokens, disableAccount, listAccounts } from './accounts.js';

export const channelRoutes = createRouter();
const tags = ['Canales'];

const AccountSchema = z
  .object({
    id: z.string(),
    network: NetworkSchema,
    label: z.string(),
    remoteAccountId: z.string().nullable(),
    status: z.enum(['active', 'reconnect_needed', 'paused', 'disabled']),
    statusReason: z.string().nullable(),
    sandbox: z.boolean(),
    hasAccessToken: z.boolean(),
    hasRefreshToken: z.boolean(),
    tokenExpiresAt: z.string().nullable(),
    scope: z.string().nullable(),
    pausedUntil: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ChannelAccount');

const ConnectSchema = z
  .object({
    network: z.enum(['x', 'youtube', 'facebook']),
    label: z.string().trim().min(2).max(100),
    accessToken: z.string().min(8).max(4000),
    refreshToken: z.string().min(8).max(4000).nullable().optional(),
    expiresAt: Instant.nullable().optional(),
    remoteAccountId: z.string().trim().min(1).max(200).nullable().optional(),
    scope: z.string().max(1000).nullable().optional(),
  })
  .strict()
  .openapi('ChannelAccountConnect');

channelRoutes.openapi(
  createRoute({ method: 'get', path: '/channels/accounts', tags, summary: 'Cuentas de redes conectadas (sin tokens)', responses: { 200: json(z.array(AccountSchema), 'Cuentas') } }),
  async (c) => c.json(await listAccounts(c.var.db), 200),
);

channelRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/channels/accounts',
    tags,
    summary: 'Conecta (o reconecta) una cuenta pegando sus tokens; se guardan cifrados',
    request: { body: { content: { 'application/json': { schema: ConnectSchema } }, required: true } },
    responses: { 201: json(AccountSchema, 'Cuenta conectada'), 400: errorResponses[400] },
  }),
  async (c) => c.json(await connectAccountWithTokens({ db: c.var.db, box: c.var.secrets, actor: c.var.actor, input: c.req.valid('json') }), 201),
);

channelRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/channels/accounts/{id}',
    tags,
    summary: 'Desactiva una cuenta y borra sus tokens; sus publicaciones se conservan',
    request: { params: IdParam },
    responses: { 200: json(AccountSchema, 'Cuenta desactivada'), ...errorResponses },
  }),
  async (c) => c.json(await disableAccount({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id }), 200),
);
