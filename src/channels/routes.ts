import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, Instant, json } from '../http/schemas.js';
import { NetworkSchema, VariantMediaSchema, VariantOptionsSchema } from '../pieces/schemas.js';
import { connectAccountWithTokens, disableAccount, listAccounts } from './accounts.js';
import { checkVariant } from './check-variant.js';
import { listPublications } from './list-publications.js';
import { publishDeps } from './publish-deps.js';
import { publishPiece } from './publish-piece.js';
import { removePublication } from './remove-publication.js';

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

// ---------------------------------------------------------------- rules, publishing

const CheckRequestSchema = z
  .object({
    network: NetworkSchema,
    title: z.string().max(100_000).nullable().optional(),
    text: z.string().max(200_000).default(''),
    link: z.string().max(4000).nullable().optional(),
    options: VariantOptionsSchema.default({}),
    media: z.array(VariantMediaSchema).max(20).default([]),
  })
  .strict()
  .openapi('ChannelCheckRequest');

const CheckResultSchema = z
  .object({
    issues: z.array(z.object({ field: z.string(), code: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) })),
    counters: z.array(z.object({ field: z.string(), label: z.string(), used: z.number(), limit: z.number() })),
    parts: z.array(z.string()).optional(),
  })
  .openapi('ChannelCheckResult');

channelRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/channels/check',
    tags,
    summary: 'Revisa una variante contra las reglas de su red (longitud, imágenes, texto alternativo) sin enviar nada',
    request: { body: { content: { 'application/json': { schema: CheckRequestSchema } }, required: true } },
    responses: { 200: json(CheckResultSchema, 'Contadores y advertencias'), ...errorResponses },
  }),
  async (c) => c.json(await checkVariant(c.var.db, c.req.valid('json')), 200),
);

const PublicationSchema = z
  .object({
    id: z.string(),
    pieceId: z.string(),
    variantId: z.string(),
    network: NetworkSchema,
    account: z.object({ id: z.string(), label: z.string(), sandbox: z.boolean() }),
    pieceVersion: z.number().int(),
    status: z.enum(['pending', 'publishing', 'published', 'failed', 'unconfirmed', 'held', 'cancelled']),
    scheduledAt: z.string().nullable(),
    attempts: z.number().int(),
    remoteId: z.string().nullable(),
    url: z.string().nullable(),
    publishedAt: z.string().nullable(),
    error: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('Publication');

const PublishRequestSchema = z
  .object({
    networks: z.array(NetworkSchema).max(4).optional(),
    accountIds: z.array(z.string().min(1)).max(20).optional(),
  })
  .strict()
  .openapi('PublishRequest');

channelRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pieces/{id}/publish',
    tags,
    summary: 'Publica ya una pieza aprobada en sus redes (o en las redes o cuentas indicadas); nunca publica dos veces lo mismo',
    request: { params: IdParam, body: { content: { 'application/json': { schema: PublishRequestSchema } }, required: false } },
    responses: {
      200: json(
        z.object({
          pieceStatus: z.string(),
          results: z.array(z.object({ network: NetworkSchema, accountId: z.string(), outcome: z.string(), message: z.string().nullable(), publication: PublicationSchema })),
        }),
        'Resultado por red y cuenta',
      ),
      ...errorResponses,
      409: errorResponses[400],
      422: errorResponses[400],
    },
  }),
  async (c) => {
    const body = c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : {};
    const { piece, results } = await publishPiece(publishDeps(c), c.req.valid('param').id, body ?? {});
    return c.json({ pieceStatus: piece.status, results }, 200);
  },
);

channelRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/pieces/{id}/publications',
    tags,
    summary: 'Las publicaciones de una pieza: red, cuenta, estado, enlace a la publicación',
    request: { params: IdParam },
    responses: { 200: json(z.array(PublicationSchema), 'Publicaciones'), ...errorResponses },
  }),
  async (c) => c.json(await listPublications(c.var.db, c.req.valid('param').id), 200),
);

channelRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/publications/{id}',
    tags,
    summary: 'Retira una publicación de su red (todas las partes de un hilo); el registro queda, cancelado',
    request: { params: IdParam },
    responses: { 200: json(PublicationSchema, 'Publicación retirada'), ...errorResponses, 409: errorResponses[400], 502: errorResponses[400] },
  }),
  async (c) => c.json(await removePublication(publishDeps(c), c.req.valid('param').id), 200),
);
