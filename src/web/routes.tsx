import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { listPieces } from '../pieces/list-pieces.js';
import { PieceCreateSchema } from '../pieces/schemas.js';
import { createPiece } from '../pieces/save-piece.js';
import { parsePlanFile } from '../plan/import/parse-plan.js';
import { importPlan } from '../plan/import-plan.js';
import { getActivity, getPlanTree, listPlans } from '../plan/plan-tree.js';
import { ActivityUpdateSchema } from '../plan/schemas.js';
import { listDepartments } from '../plan/list-departments.js';
import { updateActivity } from '../plan/update-activity.js';
import { ActivityPage } from './activity-page.js';
import { ImportPage, ImportPreviewPage } from './import-page.js';
import { Layout } from './layout.js';
import { renderPage } from './page.js';
import { PlanPage, PlansPage } from './plan-pages.js';

/** Server-rendered pages. Forms post here; the same services as the API do the work. */
export const webRoutes = new Hono<AppEnv>();

/** The first screen after signing in is the dashboard; with no plan yet, importing one. */
webRoutes.get('/', async (c) => {
  const latest = await c.var.db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true } });
  return c.redirect(latest ? '/inicio' : '/planes/importar');
});

webRoutes.get('/planes', async (c) => renderPage(c, <PlansPage plans={await listPlans(c.var.db)} />));

webRoutes.get('/planes/importar', (c) => renderPage(c, <ImportPage />));

webRoutes.post('/planes/importar', async (c) => {
  const form = await c.req.parseBody();
  const text = typeof form['text'] === 'string' ? form['text'] : '';
  try {
    if (form['mode'] === 'confirm') {
      const bytes = Buffer.from(String(form['payload'] ?? ''), 'base64');
      const filename = String(form['filename'] ?? '') || undefined;
      const parsed = await parsePlanFile({ bytes, filename });
      const { planId } = await importPlan({ db: c.var.db, actor: c.var.actor, parsed, sourceName: filename ?? null });
      return c.redirect(`/planes/${planId}`, 303);
    }
    const file = form['file'];
    const upload =
      file instanceof File && file.size > 0
        ? { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, contentType: file.type }
        : { bytes: new TextEncoder().encode(text), contentType: 'text/plain' };
    const preview = await parsePlanFile(upload);
    const payload = Buffer.from(upload.bytes).toString('base64');
    return renderPage(c, <ImportPreviewPage preview={preview} payload={payload} filename={('filename' in upload ? upload.filename : undefined) ?? ''} />);
  } catch (err) {
    const e = toAppError(err);
    return renderPage(c, <ImportPage error={e.message} text={text} />, e.status === 500 ? 500 : 400);
  }
});

webRoutes.get('/planes/:id', async (c) => renderPage(c, <PlanPage plan={await getPlanTree(c.var.db, c.req.param('id'))} />));

async function renderActivity(c: { var: AppEnv['Variables'] }, id: string, error?: string) {
  const activity = await getActivity(c.var.db, id);
  const [pieces, departments, plan] = await Promise.all([
    listPieces(c.var.db, { activityId: id, limit: 200, offset: 0 }),
    listDepartments(c.var.db),
    c.var.db.plan.findUniqueOrThrow({ where: { id: activity.planId }, select: { timeZone: true } }),
  ]);
  return <ActivityPage activity={activity} pieces={pieces.items} departments={departments} timeZone={plan.timeZone} error={error} />;
}

webRoutes.get('/actividades/:id', async (c) => renderPage(c, await renderActivity(c, c.req.param('id'))));

webRoutes.post('/actividades/:id', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody({ all: true });
  const date = (k: string) => (typeof form[k] === 'string' && form[k] !== '' ? (form[k] as string) : null);
  const ids = form['departmentIds'];
  const parsed = ActivityUpdateSchema.safeParse({
    plannedStart: date('plannedStart'),
    plannedEnd: date('plannedEnd'),
    actualStart: date('actualStart'),
    actualEnd: date('actualEnd'),
    status: form['status'],
    progress: Number(form['progress']),
    allDepartments: form['allDepartments'] === 'true',
    departmentIds: (Array.isArray(ids) ? ids : ids ? [ids] : []).map(String),
  });
  try {
    if (!parsed.success) throw parsed.error;
    await updateActivity({ db: c.var.db, actor: c.var.actor, id, changes: parsed.data });
    return c.redirect(`/actividades/${id}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return renderPage(c, await renderActivity(c, id, e.message), 422);
  }
});

webRoutes.post('/actividades/:id/piezas', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  try {
    const fields = PieceCreateSchema.parse({ kind: form['kind'], title: form['title'], activityId: id });
    const piece = await createPiece({ db: c.var.db, actor: c.var.actor, fields });
    return c.redirect(`/piezas/${piece.id}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return renderPage(c, await renderActivity(c, id, e.message), 422);
  }
});

webRoutes.get('/departamentos', async (c) => {
  const rows = await listDepartments(c.var.db);
  return renderPage(
    c,
    <Layout title="Dependencias" active="departments">
      <h1>Dependencias</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Dependencia</th>
            <th scope="col">Actividades a cargo</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr>
              <td>{d.name}</td>
              <td>{d.activityCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
});
