import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variantErrors } from '../../src/channels/check-variant.js';
import type { Event } from '../../src/generated/prisma/client.js';
import { fromLocalDateTime, todayIn } from '../../src/lib/dates.js';
import { findPiece, toPieceView } from '../../src/pieces/piece-view.js';
import { updatePiece } from '../../src/pieces/save-piece.js';
import { addDays } from '../../src/plan/derive-dates.js';
import { formats } from '../../src/render/formats.js';
import { aspectClass, getTemplate, type FormatId } from '../../src/render/index.js';
import { toPx } from '../../src/render/layout.js';
import { formRequest as form } from '../support/http.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * The public hearing (/audiencia and /api/…/hearing…) over a real migrated database, through
 * the real app (src/app.ts) with its access rules (src/auth/policy.ts).
 */

const publicUrl = 'https://pregon.sanmartin.gov.co';
const participa = `${publicUrl}/participa`;
const zone = 'America/Bogota';
let t: TestContext;
let app: Client;
let actorId: string;
let planId: string;
let hearingActivityId: string;
let asViewer: Client;

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: publicUrl, PREGON_TIME_ZONE: zone });
  planId = await importSeedPlan(t.db);
  const { user, token } = await createUserWithToken(t.db, 'communications');
  actorId = user.id;
  app = withToken(t.anon, token);
  asViewer = withToken(t.anon, (await createUserWithToken(t.db, 'viewer')).token);
  hearingActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { contains: 'audiencia pública participativa' } } })).id;
});
afterAll(async () => {
  await t.close();
});

/** A day `n` days from today in the office's zone, as YYYY-MM-DD. */
const dayFromNow = (n: number) => addDays(todayIn(zone), n);
const at = (day: string, time: string) => fromLocalDateTime(`${day}T${time}`, zone)!;

async function hearing(): Promise<Event> {
  return t.db.event.findFirstOrThrow({ where: { planId, kind: 'public_hearing' } });
}

/** The hearing form as the page posts it. */
function hearingForm(fields: { day: string; time?: string; place?: string; agenda?: [string, string][]; eventId?: string; title?: string }) {
  const rows = fields.agenda ?? [];
  return form({
    planId,
    ...(fields.eventId ? { eventId: fields.eventId } : {}),
    title: fields.title ?? 'Audiencia pública de rendición de cuentas',
    startsAt: `${fields.day}T${fields.time ?? '15:00'}`,
    endsAt: '',
    place: fields.place ?? 'Teatro Municipal',
    activityId: hearingActivityId,
    agendaRows: String(rows.length + 1),
    ...Object.fromEntries(rows.flatMap(([time, title], i) => [[`agenda.${i}.time`, time], [`agenda.${i}.title`, title]])),
    [`agenda.${rows.length}.time`]: '',
    [`agenda.${rows.length}.title`]: '',
  });
}

// ---------------------------------------------------------------- QR reading

/**
 * Reads the QR code's modules off the rendered PNG: the dark pixels (the brand's text color)
 * inside the template's QR box, the module size from the top-left finder pattern (7 modules
 * wide), each module sampled at its center.
 */
async function readQr(png: Buffer, format: FormatId): Promise<boolean[][]> {
  const { width, height } = formats[format];
  const t = getTemplate('hearing_invitation');
  const layout = t.layouts[format] ?? t.layouts[aspectClass(width, height)]!;
  const slot = layout.slots.find((s) => s.kind === 'qr')!;
  const box = toPx(slot.box, width, height);
  const { data, info } = await sharp(png).extract({ left: box.x, top: box.y, width: box.w, height: box.h }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const dark = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return Math.abs(data[i]! - 0x15) < 40 && Math.abs(data[i + 1]! - 0x23) < 40 && Math.abs(data[i + 2]! - 0x3b) < 40;
  };
  let minX = Infinity, minY = Infinity, maxX = -1, maxY = -1;
  for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) if (dark(x, y)) { minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); }
  expect(maxX, 'no QR code in its box').toBeGreaterThan(0);
  let run = 0;
  while (dark(minX + run, minY)) run++;
  const module = run / 7;
  const size = Math.round((maxX - minX + 1) / module);
  expect(Math.round((maxY - minY + 1) / module)).toBe(size);
  return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => dark(Math.floor(minX + (c + 0.5) * module), Math.floor(minY + (r + 0.5) * module))));
}

function matrixOf(text: string): boolean[][] {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => !!qr.modules.get(r, c)));
}

// ---------------------------------------------------------------- the tests

describe('the hearing page', () => {
  it('offers to schedule the hearing, with the plan\'s hearing activity chosen', async () => {
    const res = await app.request('/audiencia');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Programar la audiencia');
    expect(html).toContain('value="Audiencia pública de rendición de cuentas"');
    expect(html).toMatch(new RegExp(`<option value="${hearingActivityId}" selected="">`));
  });

  it('creates the hearing in the office\'s zone with its agenda ordered by time, and audits it', async () => {
    const day = dayFromNow(60);
    const res = await app.request('/audiencia', hearingForm({ day, agenda: [['10:30', 'Informe de gestión'], ['9:00', 'Instalación y saludo'], ['11:45', 'Preguntas de la ciudadanía']] }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/audiencia?plan=${planId}&aviso=guardada#datos`);
    const event = await hearing();
    expect(event.startsAt.toISOString()).toBe(at(day, '15:00').toISOString());
    expect(event.startsAt.getUTCHours()).toBe(20); // 3:00 p. m. in Bogotá
    expect(event.agenda).toBe('09:00 Instalación y saludo\n10:30 Informe de gestión\n11:45 Preguntas de la ciudadanía');
    expect(event.activityId).toBe(hearingActivityId);
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'Event', entityId: event.id, action: 'create' } });
    expect(audit.actorId).toBe(actorId);

    const html = await (await app.request(`/audiencia?plan=${planId}&aviso=guardada`)).text();
    expect(html).toContain('Audiencia guardada.');
    expect(html).toContain('3:00 p. m.');
    expect(html.indexOf('Instalación y saludo')).toBeLessThan(html.indexOf('Informe de gestión'));
    expect(html).toContain('Crear la transmisión en YouTube');
    expect(html).toContain('Aceptar como borradores (7)');
  });

  it('shows the hearing without any form to someone who only reads the plan', async () => {
    const html = await (await asViewer.request('/audiencia')).text();
    expect(html).toContain('Instalación y saludo');
    expect(html).not.toContain('<form method="post" action="/audiencia');
    expect(html).not.toContain('Aceptar como borradores');
  });

  it('refuses, in Spanish and with 422, an agenda item without a valid time or a missing start, keeping what was typed', async () => {
    const event = await hearing();
    const bad = await app.request('/audiencia', hearingForm({ day: dayFromNow(60), eventId: event.id, agenda: [['9h', 'Instalación']] }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Punto 1 del orden del día: indique la hora como HH:MM');
    expect(html).toContain('value="Instalación"');
    const noStart = await app.request('/audiencia', form({ planId, eventId: event.id, title: 'Audiencia', startsAt: '', place: 'Teatro' }));
    expect(noStart.status).toBe(422);
    expect(await noStart.text()).toContain('Indique la fecha y la hora de inicio de la audiencia.');
    expect((await hearing()).agenda).toBe(event.agenda);
  });

  it('answers 404 in Spanish for an unknown hearing or plan', async () => {
    const page = await app.request('/audiencia/nada/invitacion.png');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('No existe el evento con id nada.');
    const api = await app.request('/api/events/nada/announcements', { method: 'POST' });
    expect(api.status).toBe(404);
    expect((await api.json()).error.message).toBe('No existe el evento con id nada.');
    const plan = await app.request('/audiencia?plan=nada');
    expect(plan.status).toBe(404);
    expect(await plan.text()).toContain('No existe el plan con id nada.');
  });

  it('refuses (422) hearing actions on an event that is not the public hearing', async () => {
    const fair = await t.db.event.create({ data: { planId, kind: 'fair', title: 'Feria de gestión', startsAt: at(dayFromNow(20), '09:00') } });
    const res = await app.request(`/api/events/${fair.id}/live-piece`, { method: 'POST' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe('El evento no es una audiencia pública.');
    await t.db.event.delete({ where: { id: fair.id } });
  });
});

describe('the live broadcast', () => {
  it('creates the YouTube live piece for the event once, as a draft that passes YouTube\'s rules', async () => {
    const event = await hearing();
    const res = await app.request(`/audiencia/${event.id}/transmision`, { method: 'POST' });
    expect(res.status).toBe(303);
    const pieceId = /^\/piezas\/([^#]+)#variantes$/.exec(res.headers.get('location') ?? '')?.[1];
    expect(pieceId).toBeTruthy();
    const piece = toPieceView(await findPiece(t.db, pieceId!));
    expect(piece).toMatchObject({ kind: 'live_announcement', status: 'draft', activityId: hearingActivityId });
    expect(piece.variants).toHaveLength(1);
    expect(piece.variants[0]).toMatchObject({ network: 'youtube', title: event.title, options: { youtubeMode: 'live', eventId: event.id, privacy: 'public' } });
    expect(piece.variants[0]!.text).toContain('Orden del día:\n09:00 Instalación y saludo');
    expect(piece.variants[0]!.text).toContain(participa);
    expect(await variantErrors(t.db, piece.variants)).toEqual([]);

    const again = await app.request(`/api/events/${event.id}/live-piece`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ pieceId, created: false });
    expect(await t.db.piece.count({ where: { kind: 'live_announcement', title: { startsWith: 'Transmisión en vivo' } } })).toBe(1);

    const html = await (await app.request('/audiencia')).text();
    expect(html).toContain(`href="/piezas/${pieceId}"`);
    expect(html).not.toContain('Crear la transmisión en YouTube');
  });

  it('refuses (422) to create the live piece of a hearing with no activity', async () => {
    const other = await t.db.plan.create({ data: { title: 'Otro plan' } });
    const event = await t.db.event.create({ data: { planId: other.id, kind: 'public_hearing', title: 'Audiencia sin actividad', startsAt: at(dayFromNow(30), '10:00') } });
    const res = await app.request(`/audiencia/${event.id}/transmision`, { method: 'POST' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Asocie la audiencia a una actividad del plan antes de crear la transmisión');
    await t.db.plan.delete({ where: { id: other.id } });
  });
});

describe('the invitation card', () => {
  it('is a PNG whose QR code encodes /participa while there is no broadcast, then the watch URL', async () => {
    const event = await hearing();
    const res = await app.request(`/audiencia/${event.id}/invitacion.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="invitacion-audiencia-invitation_card.png"');
    const png = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', formats.invitation_card.width, formats.invitation_card.height]);
    const before = await readQr(png, 'invitation_card');
    expect(before).toEqual(matrixOf(participa));
    expect(before).not.toEqual(matrixOf(`${participa}/`));

    const watchUrl = 'https://www.youtube.com/watch?v=audiencia2026';
    await t.db.event.update({ where: { id: event.id }, data: { watchUrl } });
    const after = Buffer.from(await (await app.request(`/api/events/${event.id}/invitation.png?format=ig_square`)).arrayBuffer());
    expect(await readQr(after, 'ig_square')).toEqual(matrixOf(watchUrl));
    const html = await (await app.request('/audiencia')).text();
    expect(html).toContain(`El código QR de la tarjeta lleva a <a href="${watchUrl}">`);
    expect(html).toContain('Programada: <a href="https://www.youtube.com/watch?v=audiencia2026">');
    await t.db.event.update({ where: { id: event.id }, data: { watchUrl: null } });
  });

  it('refuses (422) an invitation without a place, naming it', async () => {
    const event = await hearing();
    await t.db.event.update({ where: { id: event.id }, data: { place: null } });
    const res = await app.request(`/api/events/${event.id}/invitation.png`);
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe('Indique el lugar de la audiencia: la invitación lo muestra.');
    await t.db.event.update({ where: { id: event.id }, data: { place: event.place } });
  });

  it('makes one draft invitation piece with the printed card attached and the square image in its variants', async () => {
    const event = await hearing();
    const res = await app.request(`/audiencia/${event.id}/invitacion`, { method: 'POST' });
    expect(res.status).toBe(303);
    const pieceId = /^\/piezas\/(.+)$/.exec(res.headers.get('location') ?? '')![1]!;
    const piece = toPieceView(await findPiece(t.db, pieceId));
    expect(piece).toMatchObject({ kind: 'invitation_card', status: 'draft', templateId: 'hearing_invitation', activityId: hearingActivityId });
    expect(piece.templateFields).toMatchObject({ event: event.title, when: event.startsAt.toISOString(), place: 'Teatro Municipal', streamUrl: participa });
    const attached = await t.db.mediaAsset.findMany({ where: { pieceId }, orderBy: { width: 'asc' } });
    expect(attached.map((a) => a.format).sort()).toEqual(['ig_square', 'invitation_card']);
    expect(piece.variants.map((v) => v.network).sort()).toEqual(['facebook', 'x']);
    const square = attached.find((a) => a.format === 'ig_square')!;
    for (const v of piece.variants) {
      expect(v.media).toEqual([{ mediaAssetId: square.id, altText: square.altText }]);
      expect(v.text).toContain(participa);
    }
    expect(square.altText).toContain(participa);
    expect(await variantErrors(t.db, piece.variants)).toEqual([]);

    const again = await app.request(`/api/events/${event.id}/invitation-piece`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ pieceId, created: false, updated: false });
    expect((await findPiece(t.db, pieceId)).version).toBe(1);
    expect(await t.db.piece.count({ where: { kind: 'invitation_card' } })).toBe(1);
  });
});

describe('the announcement series', () => {
  it('accepts the seven announcements as drafts at 9:00 in Bogotá (and the hour before and the start), once', async () => {
    const event = await hearing();
    const day = todayIn(zone, event.startsAt);
    const res = await app.request(`/audiencia/${event.id}/anuncios`, { method: 'POST' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/audiencia?plan=${planId}&aviso=anuncios&creadas=7&existentes=0&omitidos=0#anuncios`);

    const list = (await (await app.request(`/api/events/${event.id}/announcements`)).json()) as { key: string; piece: { id: string; status: string; scheduledAt: string } | null }[];
    expect(list.map((i) => i.key)).toEqual(['t-30d', 't-15d', 't-7d', 't-1d', 't-1h', 'live', 'thanks']);
    const expected: Record<string, string> = {
      't-30d': at(addDays(day, -30), '09:00').toISOString(),
      't-15d': at(addDays(day, -15), '09:00').toISOString(),
      't-7d': at(addDays(day, -7), '09:00').toISOString(),
      't-1d': at(addDays(day, -1), '09:00').toISOString(),
      't-1h': new Date(event.startsAt.getTime() - 3_600_000).toISOString(),
      live: event.startsAt.toISOString(),
      thanks: at(addDays(day, 1), '09:00').toISOString(),
    };
    for (const item of list) {
      expect(item.piece?.status).toBe('draft');
      expect(item.piece?.scheduledAt, item.key).toBe(expected[item.key]);
    }
    expect(new Date(expected['t-7d']!).getUTCHours()).toBe(14);
    const pieces = await Promise.all(list.map((i) => findPiece(t.db, i.piece!.id)));
    expect(pieces.map((p) => p.kind)).toEqual(['social_post', 'social_post', 'press_release', 'social_post', 'live_announcement', 'live_announcement', 'social_post']);
    for (const p of pieces) {
      expect(p.activityId).toBe(hearingActivityId);
      expect(p.ownerId).toBe(actorId);
      expect(await variantErrors(t.db, toPieceView(p).variants), p.title).toEqual([]);
    }
    expect(pieces[2]!.variants.map((v) => v.network).sort()).toEqual(['facebook', 'website', 'x']);
    expect(pieces[0]!.body).toContain('en Teatro Municipal');
    expect(await t.db.auditEntry.count({ where: { entityType: 'Piece', action: 'create', entityId: { in: pieces.map((p) => p.id) } } })).toBe(7);

    const before = await t.db.piece.count();
    const again = await app.request(`/api/events/${event.id}/announcements`, { method: 'POST' });
    expect(again.status).toBe(200);
    const body = await again.json();
    expect(body.created).toEqual([]);
    expect(body.existing.map((e: { pieceId: string }) => e.pieceId)).toEqual(pieces.map((p) => p.id));
    const web = await app.request(`/audiencia/${event.id}/anuncios`, { method: 'POST' });
    expect(web.headers.get('location')).toContain('aviso=anuncios&creadas=0&existentes=7');
    expect(await t.db.piece.count()).toBe(before);
    const html = await (await app.request('/audiencia')).text();
    expect(html).not.toContain('Aceptar como borradores');
    expect(html).toContain('Todos los anuncios por venir ya son piezas.');
  });

  it('makes again only a draft that was deleted', async () => {
    const event = await hearing();
    const list = (await (await app.request(`/api/events/${event.id}/announcements`)).json()) as { key: string; piece: { id: string } }[];
    const deleted = list.find((i) => i.key === 't-15d')!.piece.id;
    await t.db.piece.delete({ where: { id: deleted } });
    const res = await (await app.request(`/api/events/${event.id}/announcements`, { method: 'POST' })).json();
    expect(res.created.map((c: { key: string }) => c.key)).toEqual(['t-15d']);
    expect(res.existing).toHaveLength(6);
  });

  it('offers to move the drafts when the hearing moves: untouched ones get the new date and text, edited text is kept, a time moved by hand stays', async () => {
    const event = await hearing();
    const list = (await (await app.request(`/api/events/${event.id}/announcements`)).json()) as { key: string; piece: { id: string; scheduledAt: string } }[];
    const id = (k: string) => list.find((i) => i.key === k)!.piece.id;
    const actor = { userId: actorId, label: 'prueba', ip: null };
    await updatePiece({ db: t.db, actor, id: id('t-7d'), fields: { body: 'Texto escrito por la oficina.' } });
    const byHand = new Date(new Date(list.find((i) => i.key === 't-1d')!.piece.scheduledAt).getTime() + 2 * 3_600_000).toISOString();
    await updatePiece({ db: t.db, actor, id: id('t-1d'), fields: { scheduledAt: byHand } });
    const oldDay = todayIn(zone, event.startsAt);

    const newDay = addDays(oldDay, 3);
    const save = await app.request('/audiencia', hearingForm({ day: newDay, time: '10:00', eventId: event.id, place: 'Coliseo Municipal', agenda: [['09:00', 'Instalación y saludo']] }));
    expect(save.status).toBe(303);
    const moved = await hearing();
    expect(moved.startsAt.toISOString()).toBe(at(newDay, '10:00').toISOString());

    const state = (await (await app.request(`/api/events/${event.id}/announcements`)).json()) as { key: string; outdated: boolean; movedByHand: boolean; untouched: boolean }[];
    expect(state.every((s) => s.outdated)).toBe(true);
    expect(state.find((s) => s.key === 't-1d')!.movedByHand).toBe(true);
    expect(state.find((s) => s.key === 't-7d')!.untouched).toBe(false);
    const page = await (await app.request('/audiencia')).text();
    expect(page).toContain('La audiencia cambió.');
    expect(page).toContain('<input type="checkbox" name="keys" value="t-30d" checked=""');
    expect(page).toMatch(/<input type="checkbox" name="keys" value="t-1d"\s*\/?>/);

    const res = await app.request(`/api/events/${event.id}/announcements/move`, { method: 'POST' });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.moved.map((m: { key: string }) => m.key)).toEqual(['t-30d', 't-15d', 't-7d', 't-1h', 'live', 'thanks']);
    expect(result.moved.find((m: { key: string }) => m.key === 't-7d').rewritten).toBe(false);

    const t30 = await findPiece(t.db, id('t-30d'));
    expect(t30.scheduledAt!.toISOString()).toBe(at(addDays(newDay, -30), '09:00').toISOString());
    expect(t30.body).toContain('en Coliseo Municipal');
    expect(t30.body).toContain('a las 10:00 a. m.');
    expect(t30.status).toBe('draft');
    const t7 = await findPiece(t.db, id('t-7d'));
    expect(t7.scheduledAt!.toISOString()).toBe(at(addDays(newDay, -7), '09:00').toISOString());
    expect(t7.body).toBe('Texto escrito por la oficina.');
    expect((await findPiece(t.db, id('t-1d'))).scheduledAt!.toISOString()).toBe(byHand);
    expect((await findPiece(t.db, id('live'))).scheduledAt!.toISOString()).toBe(moved.startsAt.toISOString());

    // The one moved by hand is still offered; choosing it moves it.
    const web = await app.request(`/audiencia/${event.id}/anuncios/mover`, form({ keys: ['t-1d'] }));
    expect(web.status).toBe(303);
    expect(web.headers.get('location')).toContain('aviso=movidos&movidos=1&omitidos=0');
    expect((await findPiece(t.db, id('t-1d'))).scheduledAt!.toISOString()).toBe(at(addDays(newDay, -1), '09:00').toISOString());
    const after = (await (await app.request(`/api/events/${event.id}/announcements`)).json()) as { outdated: boolean }[];
    expect(after.some((s) => s.outdated)).toBe(false);

    const none = await app.request(`/audiencia/${event.id}/anuncios/mover`, form({}));
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Elija al menos un borrador para mover.');
  });

  it('marks the invitation piece outdated after the move and refreshes it as a new version', async () => {
    const event = await hearing();
    const html = await (await app.request('/audiencia')).text();
    expect(html).toContain('Muestra datos anteriores de la audiencia');
    const res = await app.request(`/api/events/${event.id}/invitation-piece`, { method: 'POST' });
    const body = await res.json();
    expect(body).toMatchObject({ created: false, updated: true });
    const piece = toPieceView(await findPiece(t.db, body.pieceId));
    expect(piece.version).toBe(2);
    expect(piece.templateFields).toMatchObject({ when: event.startsAt.toISOString(), place: 'Coliseo Municipal' });
  });

  it('skips the announcements whose time has passed', async () => {
    const other = await t.db.plan.create({ data: { title: 'Plan con audiencia cercana' } });
    const activity = await t.db.activity.create({ data: { subcomponent: { create: { planId: other.id, name: 'Diálogo', position: 1 } }, position: 1, description: 'Audiencia pública' } });
    const soon = await t.db.event.create({ data: { planId: other.id, activityId: activity.id, kind: 'public_hearing', title: 'Audiencia pública cercana', place: 'Plaza', startsAt: at(dayFromNow(10), '10:00') } });
    const res = await (await app.request(`/api/events/${soon.id}/announcements`, { method: 'POST' })).json();
    expect(res.skipped).toEqual(['t-30d', 't-15d']);
    expect(res.created.map((c: { key: string }) => c.key)).toEqual(['t-7d', 't-1d', 't-1h', 'live', 'thanks']);
    await t.db.plan.delete({ where: { id: other.id } });
  });

  it('creates and updates the hearing through the API too, refusing a bad agenda with 400', async () => {
    const other = await t.db.plan.create({ data: { title: 'Plan por API' } });
    const startsAt = at(dayFromNow(40), '09:00').toISOString();
    const created = await app.request(`/api/plans/${other.id}/hearing`, jsonRequest('PUT', { title: 'Audiencia pública 2026', startsAt, place: 'Concejo', agenda: [{ time: '10:00', title: 'Informe' }, { time: '09:00', title: 'Instalación' }] }));
    expect(created.status).toBe(201);
    const event = await created.json();
    expect(event.agenda).toBe('09:00 Instalación\n10:00 Informe');
    const updated = await app.request(`/api/plans/${other.id}/hearing`, jsonRequest('PUT', { title: 'Audiencia pública 2026', startsAt, place: 'Coliseo' }));
    expect(updated.status).toBe(200);
    const same = await updated.json();
    expect(same.id).toBe(event.id);
    expect(same.agenda).toBe('09:00 Instalación\n10:00 Informe'); // no agenda given: kept
    const bad = await app.request(`/api/plans/${other.id}/hearing`, jsonRequest('PUT', { title: 'Audiencia', startsAt, agenda: [{ time: 'nueve', title: 'x' }] }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('Use la hora como HH:MM.');
    const overview = await (await app.request(`/api/plans/${other.id}/hearing`)).json();
    expect(overview.event.place).toBe('Coliseo');
    expect(overview.series).toHaveLength(7);
    await t.db.plan.delete({ where: { id: other.id } });
  });
});
