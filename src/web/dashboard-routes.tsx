import { Hono, type Context } from 'hono';
import type { Auth } from '../auth/authenticate.js';
import { loadDashboard } from '../dashboard/dashboard.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { listWaiting } from '../notifications/waiting.js';
import { DashboardPage, WaitingPage } from './dashboard-page.js';
import { renderPage } from './page.js';

/** The first screen after signing in (/inicio) and the list behind the header's badge (/pendientes). */
export const dashboardRoutes = new Hono<AppEnv>();

function signedIn(c: Context<AppEnv>): Auth {
  const auth = c.var.auth;
  if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
  return auth;
}

dashboardRoutes.get('/inicio', async (c) => {
  const auth = signedIn(c);
  const timeZone = c.var.config.timeZone;
  const dashboard = await loadDashboard(c.var.db, auth.user, new Date(), timeZone);
  return renderPage(c, <DashboardPage dashboard={dashboard} timeZone={timeZone} />);
});

dashboardRoutes.get('/pendientes', async (c) => {
  const auth = signedIn(c);
  return renderPage(c, <WaitingPage items={await listWaiting(c.var.db, auth, new Date(), c.var.config.timeZone)} timeZone={c.var.config.timeZone} />);
});
