import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { connectAccountWithTokens, disableAccount, listAccounts } from '../channels/accounts.js';
import { ChannelError } from '../channels/channel.js';
import { finishOAuth, startOAuth } from '../channels/oauth.js';
import type { Network } from '../generated/prisma/client.js';
import type { AppEnv } from '../http/env.js';
import { fromLocalDateTime } from '../lib/dates.js';
import { toAppError } from '../http/errors.js';
import { AccountsPage } from './channel-pages.js';
import { AppError } from '../errors.js';
import { createBlackout, deleteBlackout, listBlackouts, setAccountPaused } from '../scheduler/controls.js';
import { isPublishingPaused, setPublishingPaused } from '../scheduler/settings.js';
import { renderPage } from './page.js';

/** Channel accounts: the list, OAuth in the browser, pasted tokens, disabling. */
export const channelWebRoutes = new Hono<AppEnv>();

const OAUTH_COOKIE = 'pregon_oauth';
const oauthNetworks: Network[] = ['x', 'youtube', 'facebook'];
const asNetwork = (v: string): Network | null => (oauthNetworks.includes(v as Network) ? (v as Network) : null);

async function accountsPage(c: Context<AppEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const plan = await db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true, title: true } });
  const [accounts, paused, blackouts] = await Promise.all([listAccounts(db), isPublishingPaused(db), plan ? listBlackouts(db, plan.id) : []]);
  return renderPage(
    c,
    <AccountsPage accounts={accounts} sandbox={c.var.config.sandbox} timeZone={c.var.config.timeZone} publishingPaused={paused} plan={plan} blackouts={blackouts} {...notice} />,
    status,
  );
}

/** Runs a control and shows the page again with its outcome (or its Spanish error). */
async function control(c: Context<AppEnv>, run: () => Promise<string>) {
  try {
    return accountsPage(c, { ok: await run() });
  } catch (err) {
    return accountsPage(c, { error: toAppError(err).message }, 422);
  }
}

channelWebRoutes.post('/canales/publicacion', async (c) => {
  const paused = (await c.req.parseBody())['paused'] === 'true';
  return control(c, async () => {
    await setPublishingPaused({ db: c.var.db, actor: c.var.actor, paused });
    return paused ? 'Publicación detenida en toda la oficina: nada programado saldrá hasta reanudarla.' : 'Publicación reanudada: lo pendiente sale ahora, salvo lo que pasó su hora (queda en espera).';
  });
});

channelWebRoutes.post('/canales/:id/pausar', (c) => control(c, async () => `Cuenta «${(await setAccountPaused({ db: c.var.db, actor: c.var.actor, id: c.req.param('id'), paused: true })).label}» en pausa.`));
channelWebRoutes.post('/canales/:id/reanudar', (c) => control(c, async () => `Cuenta «${(await setAccountPaused({ db: c.var.db, actor: c.var.actor, id: c.req.param('id'), paused: false })).label}» reanudada.`));

channelWebRoutes.post('/canales/vedas', async (c) => {
  const form = await c.req.parseBody();
  return control(c, async () => {
    const zone = c.var.config.timeZone;
    const startsAt = fromLocalDateTime(String(form['startsAt'] ?? ''), zone);
    const endsAt = fromLocalDateTime(String(form['endsAt'] ?? ''), zone);
    const reason = String(form['reason'] ?? '').trim();
    if (!startsAt || !endsAt || reason.length < 3) throw new AppError('bad_request', 'Indique el motivo de la veda y sus fechas de inicio y fin.');
    const created = await createBlackout({ db: c.var.db, actor: c.var.actor, planId: String(form['planId'] ?? ''), input: { reason, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() } });
    return `Veda «${created.reason}» creada.${created.affectedPublications ? ` ${created.affectedPublications} publicaciones programadas caen en ella: esperarán a que termine y, pasada su hora, quedarán en espera para revisión.` : ''}`;
  });
});

channelWebRoutes.post('/canales/vedas/:id/eliminar', (c) =>
  control(c, async () => {
    await deleteBlackout({ db: c.var.db, actor: c.var.actor, id: c.req.param('id') });
    return 'Veda eliminada.';
  }),
);

channelWebRoutes.get('/canales', (c) => accountsPage(c, { ok: c.req.query('conectada') ? `Cuenta conectada: ${c.req.query('conectada')}.` : undefined }));

channelWebRoutes.get('/canales/conectar/:network', async (c) => {
  const network = asNetwork(c.req.param('network'));
  if (!network) return accountsPage(c, { error: 'Esa red no se conecta con OAuth.' }, 422);
  try {
    const { url, cookie } = startOAuth({ settings: c.var.config.channels, box: c.var.secrets, network, userId: c.var.auth!.user.id });
    // Lax: the cookie must come back on the network's top-level redirect to the callback.
    setCookie(c, OAUTH_COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', secure: c.var.config.secureCookies, path: '/canales/oauth', maxAge: 600 });
    return c.redirect(url, 302);
  } catch (err) {
    return accountsPage(c, { error: toAppError(err).message }, 422);
  }
});

channelWebRoutes.get('/canales/oauth/:network', async (c) => {
  const network = asNetwork(c.req.param('network'));
  if (!network) return accountsPage(c, { error: 'Esa red no se conecta con OAuth.' }, 422);
  const cookie = getCookie(c, OAUTH_COOKIE);
  deleteCookie(c, OAUTH_COOKIE, { path: '/canales/oauth' });
  try {
    const found = await finishOAuth({ settings: c.var.config.channels, box: c.var.secrets, network, userId: c.var.auth!.user.id, cookie, query: c.req.query() });
    if (found.length === 0) return accountsPage(c, { error: 'La red no devolvió ninguna cuenta o página que administre.' }, 422);
    for (const account of found) {
      await connectAccountWithTokens({
        db: c.var.db,
        box: c.var.secrets,
        actor: c.var.actor,
        input: {
          network,
          label: account.label,
          accessToken: account.accessToken,
          refreshToken: account.refreshToken ?? null,
          expiresAt: account.expiresAt?.toISOString() ?? null,
          remoteAccountId: account.remoteAccountId,
          scope: account.scope ?? null,
          sandbox: c.var.config.sandbox,
        },
      });
    }
    return c.redirect(`/canales?conectada=${encodeURIComponent(found.map((a) => a.label).join(', '))}`, 303);
  } catch (err) {
    const message = err instanceof ChannelError ? err.message : toAppError(err).message;
    return accountsPage(c, { error: message }, 422);
  }
});

channelWebRoutes.post('/canales/tokens', async (c) => {
  const form = await c.req.parseBody();
  const network = asNetwork(String(form['network'] ?? ''));
  const label = String(form['label'] ?? '').trim();
  const accessToken = String(form['accessToken'] ?? '').trim();
  const refreshToken = String(form['refreshToken'] ?? '').trim();
  const expiresAt = String(form['expiresAt'] ?? '').trim();
  if (!network || label.length < 2 || accessToken.length < 8) {
    return accountsPage(c, { error: 'Indique la red, un nombre para la cuenta y el token de acceso.' }, 422);
  }
  const expires = expiresAt ? fromLocalDateTime(expiresAt, c.var.config.timeZone) : null;
  if (expiresAt && !expires) return accountsPage(c, { error: 'La fecha de vencimiento no es válida.' }, 422);
  await connectAccountWithTokens({
    db: c.var.db,
    box: c.var.secrets,
    actor: c.var.actor,
    input: { network, label, accessToken, refreshToken: refreshToken || null, expiresAt: expires?.toISOString() ?? null },
  });
  return c.redirect(`/canales?conectada=${encodeURIComponent(label)}`, 303);
});

channelWebRoutes.post('/canales/:id/desactivar', async (c) => {
  await disableAccount({ db: c.var.db, actor: c.var.actor, id: c.req.param('id') });
  return c.redirect('/canales', 303);
});
