import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualEntryFromForm } from '../../src/metrics/manual-entries.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * Manual metric entries (offline pieces) through their API, over a real migrated database
 * with the seed plan, through the real app (src/app.ts) and its access rules (src/auth/policy.ts).
 */

let t: TestContext;
let clients: Record<'communications' | 'department' | 'viewer', Client>;
let communicationsId: string;
let ownActivityId: string; // Secretaría de Planeación's
let foreignActivityId: string; // the communications office's only
let ownPieceId: string;
let foreignPieceId: string;
let mediaId: string;

beforeAll(async () => {
  t = await createTestContext();
  await importSeedPlan(t.db);

  const planeacion = await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } });
  ownActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Rendición de cuentas sectorial' } } })).id;
  foreignActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Realizar comunicados de prensa' } } })).id;
  const communications = await createUserWithToken(t.db, 'communications');
  communicationsId = communications.user.id;
  clients = {
    communications: withToken(t.anon, communications.token),
    department: withToken(t.anon, (await createUserWithToken(t.db, 'department', [planeacion.id])).token),
    viewer: withToken(t.anon, (await createUserWithToken(t.db, 'viewer')).token),
  };
  ownPieceId = (await t.db.piece.create({ data: { kind: 'radio_spot', title: 'Cuña de la audiencia', activityId: ownActivityId } })).id;
  foreignPieceId = (await t.db.piece.create({ data: { kind: 'poster', title: 'Afiche de otra actividad', activityId: foreignActivityId } })).id;
  mediaId = (
    await t.db.mediaAsset.create({
      data: { kind: 'image', mimeType: 'image/jpeg', bytes: 1000, sha256: 'a'.repeat(64), storagePath: 'aa/planilla.jpg', originalName: 'planilla-asistencia.jpg' },
    })
  ).id;
});
afterAll(async () => {
  await t.close();
});

function call(path: string, init: RequestInit = {}, who: keyof typeof clients = 'communications') {
  return clients[who].request(path, init);
}
const post = (activityId: string, body: unknown, who?: keyof typeof clients) => call(`/api/activities/${activityId}/manual-metrics`, jsonRequest('POST', body), who);
const patch = (id: string, body: unknown, who?: keyof typeof clients) => call(`/api/manual-metrics/${id}`, jsonRequest('PATCH', body), who);

const radio = { kind: 'radio', date: '2026-11-20', audience: 45000, evidenceUrl: 'https://emisora.example/cunas/rendicion', notes: 'Tres emisiones en la franja de la mañana.' };

async function counts() {
  return { entries: await t.db.manualMetricEntry.count(), audit: await t.db.auditEntry.count({ where: { entityType: 'ManualMetricEntry' } }) };
}

describe('recording an offline piece', () => {
  it('creates an entry with a link as evidence, stored on the day at UTC midnight, with its audit entry', async () => {
    const res = await post(ownActivityId, { ...radio, pieceId: ownPieceId });
    expect(res.status).toBe(201);
    const entry = await res.json();
    expect(entry).toMatchObject({
      activityId: ownActivityId,
      pieceId: ownPieceId,
      pieceTitle: 'Cuña de la audiencia',
      kind: 'radio',
      kindLabel: 'Cuña o programa de radio',
      date: '2026-11-20',
      reach: null,
      attendance: null,
      audience: 45000,
      countedReach: 45000,
      evidenceUrl: 'https://emisora.example/cunas/rendicion',
      evidenceMedia: null,
      createdById: communicationsId,
    });
    const row = await t.db.manualMetricEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(row.date.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'ManualMetricEntry', entityId: entry.id } });
    expect(audit.action).toBe('create');
    expect(audit.actorId).toBe(communicationsId);
    expect(JSON.parse(audit.after!)).toMatchObject({ kind: 'radio', audience: 45000, date: '2026-11-20', pieceId: ownPieceId });
  });

  it('accepts a file of the media library as evidence and shows its name and link', async () => {
    const res = await post(ownActivityId, { kind: 'meeting', date: '2026-10-02', attendance: 85, reach: 120, evidenceMediaId: mediaId });
    expect(res.status).toBe(201);
    const entry = await res.json();
    expect(entry.evidenceMedia).toEqual({ id: mediaId, name: 'planilla-asistencia.jpg', url: `/api/media/${mediaId}/file` });
    // Reach counts first, attendance only when there is no reach.
    expect(entry.countedReach).toBe(120);
  });

  it('lists the activity\'s entries, newest date first', async () => {
    const res = await call(`/api/activities/${ownActivityId}/manual-metrics`);
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.map((e: { date: string }) => e.date)).toEqual(['2026-11-20', '2026-10-02']);
    expect((await call('/api/activities/no-existe/manual-metrics')).status).toBe(404);
  });
});

describe('what is refused, field by field, with nothing written', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['an unknown kind', { kind: 'tv' }, 'kind', 'Elija el tipo de pieza fuera de línea'],
    ['a date in another format', { date: '20/11/2026' }, 'date', 'Indique la fecha en formato AAAA-MM-DD.'],
    ['a date that does not exist', { date: '2026-02-30' }, 'date', 'La fecha no existe en el calendario.'],
    ['a negative reach', { reach: -5 }, 'reach', 'El alcance debe ser un número entero igual o mayor que cero.'],
    ['a fractional attendance', { attendance: 12.5 }, 'attendance', 'El número de asistentes debe ser un número entero igual o mayor que cero.'],
    ['an audience as text', { audience: 'mucha' }, 'audience', 'La audiencia estimada debe ser un número entero igual o mayor que cero.'],
    ['no figure at all', { audience: undefined }, 'figures', 'Indique al menos una cifra: alcance, asistentes o audiencia estimada.'],
    ['no evidence', { evidenceUrl: undefined }, 'evidence', 'Adjunte la evidencia: un archivo o un enlace.'],
    ['an empty link and no file', { evidenceUrl: '  ' }, 'evidence', 'Adjunte la evidencia: un archivo o un enlace.'],
    ['a link that is not http(s)', { evidenceUrl: 'ftp://emisora.example/cuna.mp3' }, 'evidenceUrl', 'El enlace de la evidencia debe ser una dirección completa que empiece por http:// o https://.'],
    ['a javascript: link', { evidenceUrl: 'javascript:alert(1)' }, 'evidenceUrl', 'http:// o https://'],
    ['a file that is not in the library', { evidenceUrl: undefined, evidenceMediaId: 'no-existe' }, 'evidenceMediaId', 'No existe el archivo con id no-existe en la biblioteca de medios.'],
    ['notes over 2000 characters', { notes: 'x'.repeat(2001) }, 'notes', 'Las notas admiten hasta 2000 caracteres.'],
    ['a piece of another activity', { pieceId: 'FOREIGN' }, 'pieceId', 'La pieza elegida no pertenece a esta actividad.'],
    ['a piece that does not exist', { pieceId: 'no-existe' }, 'pieceId', 'No existe la pieza con id no-existe.'],
    ['an unknown field', { activityId: 'otra' }, 'activityId', 'No se reconoce el campo «activityId».'],
  ];
  it.each(cases)('refuses %s (422)', async (_name, change, field, message) => {
    const before = await counts();
    const body: Record<string, unknown> = { ...radio, ...change };
    if (body.pieceId === 'FOREIGN') body.pieceId = foreignPieceId;
    const res = await post(ownActivityId, body);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('unprocessable');
    expect(error.message).toContain(message);
    expect(error.details.errors).toContainEqual({ field, message: expect.stringContaining(message) });
    expect(await counts()).toEqual(before);
  });

  it('names every problem at once', async () => {
    const res = await post(ownActivityId, { kind: 'radio', date: 'mañana' });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.details.errors.map((e: { field: string }) => e.field)).toEqual(['date', 'figures', 'evidence']);
    expect(error.message).toContain('Adjunte la evidencia: un archivo o un enlace.');
  });

  it('answers 400 to a body that is not JSON and 404 to an unknown activity', async () => {
    const res = await call(`/api/activities/${ownActivityId}/manual-metrics`, { method: 'POST', body: 'kind=radio', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe('El cuerpo de la solicitud debe ser JSON.');
    expect((await post('no-existe', radio)).status).toBe(404);
  });
});

describe('correcting and deleting', () => {
  it('changes a figure and keeps the before and after in the audit trail', async () => {
    const entry = await (await post(ownActivityId, { kind: 'billboard', date: '2026-09-01', reach: 8000, evidenceUrl: 'https://fotos.example/valla.jpg' })).json();
    const res = await patch(entry.id, { reach: 9500, notes: 'Conteo de la concesión vial.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: entry.id, reach: 9500, notes: 'Conteo de la concesión vial.', kind: 'billboard', date: '2026-09-01', evidenceUrl: 'https://fotos.example/valla.jpg' });
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'ManualMetricEntry', entityId: entry.id, action: 'update' } });
    expect(JSON.parse(audit.before!)).toMatchObject({ reach: 8000, notes: null });
    expect(JSON.parse(audit.after!)).toMatchObject({ reach: 9500, notes: 'Conteo de la concesión vial.' });
  });

  it('refuses a change that leaves the entry without evidence or figures, or moves it to another activity or to another activity\'s piece', async () => {
    const entry = await (await post(ownActivityId, { kind: 'poster', date: '2026-09-03', reach: 300, evidenceUrl: 'https://fotos.example/afiche.jpg' })).json();
    const before = await counts();
    const noEvidence = await patch(entry.id, { evidenceUrl: null });
    expect(noEvidence.status).toBe(422);
    expect((await noEvidence.json()).error.message).toBe('Adjunte la evidencia: un archivo o un enlace.');
    const noFigures = await patch(entry.id, { reach: null });
    expect(noFigures.status).toBe(422);
    expect((await noFigures.json()).error.details.field).toBe('figures');
    const moved = await patch(entry.id, { activityId: foreignActivityId });
    expect(moved.status).toBe(422);
    const foreignPiece = await patch(entry.id, { pieceId: foreignPieceId });
    expect(foreignPiece.status).toBe(422);
    expect((await foreignPiece.json()).error.message).toBe('La pieza elegida no pertenece a esta actividad.');
    expect(await counts()).toEqual(before);
    expect(await t.db.manualMetricEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ reach: 300, evidenceUrl: 'https://fotos.example/afiche.jpg', activityId: ownActivityId, pieceId: null });
    // Swapping the link for a library file is fine.
    const swapped = await patch(entry.id, { evidenceUrl: null, evidenceMediaId: mediaId });
    expect(swapped.status).toBe(200);
    expect(await swapped.json()).toMatchObject({ evidenceUrl: null, evidenceMediaId: mediaId });
  });

  it('deletes an entry, with its audit entry; a second delete is a 404', async () => {
    const entry = await (await post(ownActivityId, { kind: 'fair', date: '2026-08-15', attendance: 430, evidenceUrl: 'https://fotos.example/feria' })).json();
    const res = await call(`/api/manual-metrics/${entry.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await t.db.manualMetricEntry.findUnique({ where: { id: entry.id } })).toBeNull();
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'ManualMetricEntry', entityId: entry.id, action: 'delete' } });
    expect(JSON.parse(audit.before!)).toMatchObject({ kind: 'fair', attendance: 430 });
    expect((await call(`/api/manual-metrics/${entry.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await patch(entry.id, { reach: 1 })).status).toBe(404);
  });
});

describe('who may record', () => {
  it('lets a department record, correct and delete entries of its own activities only', async () => {
    const own = await post(ownActivityId, { kind: 'meeting', date: '2026-10-10', attendance: 40, evidenceMediaId: mediaId }, 'department');
    expect(own.status).toBe(201);
    const ownId = (await own.json()).id;
    expect((await patch(ownId, { attendance: 42 }, 'department')).status).toBe(200);

    const before = await counts();
    const foreign = await post(foreignActivityId, { kind: 'press', date: '2026-10-10', audience: 5000, evidenceUrl: 'https://diario.example/nota' }, 'department');
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.message).toBe('Solo puede modificar actividades y piezas de su propia dependencia.');
    const theirs = await (await post(foreignActivityId, { kind: 'press', date: '2026-10-10', audience: 5000, evidenceUrl: 'https://diario.example/nota' })).json();
    expect((await patch(theirs.id, { audience: 1 }, 'department')).status).toBe(403);
    expect((await call(`/api/manual-metrics/${theirs.id}`, { method: 'DELETE' }, 'department')).status).toBe(403);
    expect(await t.db.manualMetricEntry.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ audience: 5000 });
    expect((await counts()).entries).toBe(before.entries + 1);

    expect((await call(`/api/manual-metrics/${ownId}`, { method: 'DELETE' }, 'department')).status).toBe(204);
  });

  it('lets a viewer read the entries but not write them', async () => {
    expect((await call(`/api/activities/${ownActivityId}/manual-metrics`, {}, 'viewer')).status).toBe(200);
    const res = await post(ownActivityId, radio, 'viewer');
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe('Su rol no tiene permiso para esta acción.');
  });
});

describe('the page form', () => {
  it('reads empty fields as absent and es-CO thousands as whole numbers', () => {
    expect(manualEntryFromForm({ kind: 'radio', date: '2026-11-20', reach: '', audience: '45.000', attendance: '1 200', evidenceUrl: ' ', evidenceMediaId: mediaId, notes: '', pieceId: '' })).toEqual({
      kind: 'radio',
      date: '2026-11-20',
      audience: 45000,
      attendance: 1200,
      evidenceMediaId: mediaId,
    });
    // Anything else stays text, for the check to name the field.
    expect(manualEntryFromForm({ reach: '12,5' })).toEqual({ reach: '12,5' });
  });
});
