import { csvAttachment } from '../http/csv-response.js';
import { Hono, type Context } from 'hono';
import { auditCsv } from '../audit/audit-csv.js';
import { listAudit } from '../audit/list-audit.js';
import { AuditQuery } from '../audit/routes.js';
import type { Role } from '../generated/prisma/client.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { listDepartments } from '../plan/list-departments.js';
import { createUser, listUsers, updateUser } from '../users/users.js';
import { AuditPage, UsersPage } from './admin-pages.js';
import { renderPage } from './page.js';

/** User management and the audit trail. */
export const adminRoutes = new Hono<AppEnv>();

const roles = ['admin', 'communications', 'approver', 'department', 'viewer'];
const asRole = (v: unknown): Role => (typeof v === 'string' && roles.includes(v) ? (v as Role) : 'viewer');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

async function usersPage(c: Context<AppEnv>, extra: { error?: string; created?: { email: string; password: string | null } } = {}, status: 200 | 422 = 200) {
  const [users, departments] = await Promise.all([listUsers(c.var.db), listDepartments(c.var.db)]);
  return renderPage(c, <UsersPage users={users} departments={departments} {...extra} />, status);
}

adminRoutes.get('/usuarios', (c) => usersPage(c));

adminRoutes.post('/usuarios', async (c) => {
  const form = await c.req.parseBody({ all: true });
  try {
    const email = String(form['email'] ?? '').trim();
    const name = String(form['name'] ?? '').trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || name.length < 2) throw new Error('invalid');
    const { user, generatedPassword } = await createUser({ db: c.var.db, actor: c.var.actor, input: { email, name, role: asRole(form['role']), departmentIds: asList(form['departmentIds']) } });
    return usersPage(c, { created: { email: user.email, password: generatedPassword } });
  } catch (err) {
    const message = err instanceof Error && err.message === 'invalid' ? 'Indique un nombre y un correo electrónico válidos.' : toAppError(err).message;
    return usersPage(c, { error: message }, 422);
  }
});

adminRoutes.post('/usuarios/:id', async (c) => {
  const form = await c.req.parseBody({ all: true });
  try {
    await updateUser({ db: c.var.db, actor: c.var.actor, id: c.req.param('id'), changes: { role: asRole(form['role']), active: form['active'] === 'true', departmentIds: asList(form['departmentIds']) } });
    return c.redirect('/usuarios', 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return usersPage(c, { error: e.message }, 422);
  }
});

function auditFilters(c: Context<AppEnv>) {
  const parsed = AuditQuery.safeParse(c.req.query());
  const { format: _f, ...filter } = parsed.success ? parsed.data : AuditQuery.parse({});
  return filter;
}

adminRoutes.get('/auditoria', async (c) => {
  const filter = auditFilters(c);
  const query = new URL(c.req.url).search;
  return renderPage(c, <AuditPage audit={await listAudit(c.var.db, { ...filter, limit: 200 })} filters={filter} timeZone={c.var.config.timeZone} query={query} />);
});

adminRoutes.get('/auditoria.csv', async (c) =>
  csvAttachment(c, await auditCsv(c.var.db, auditFilters(c)), 'auditoria-pregon.csv'),
);
