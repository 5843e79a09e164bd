import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db, DbOrTx } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import type { Event, EventKind } from '../generated/prisma/client.js';

export function toEventView(e: Event) {
  return {
    id: e.id,
    planId: e.planId,
    activityId: e.activityId,
    kind: e.kind,
    title: e.title,
    description: e.description,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt?.toISOString() ?? null,
    place: e.place,
    agenda: e.agenda,
    watchUrl: e.watchUrl,
    recordingUrl: e.recordingUrl,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

type EventFields = {
  activityId?: string | null;
  kind?: EventKind;
  title?: string;
  description?: string | null;
  startsAt?: string;
  endsAt?: string | null;
  place?: string | null;
  agenda?: string | null;
  recordingUrl?: string | null;
};

/** Checks what a plan's event may refer to: an activity of the same plan, an end after the start. */
async function checkEvent(db: DbOrTx, planId: string, fields: EventFields, startsAt: Date, endsAt: Date | null) {
  if (endsAt && endsAt < startsAt) {
    throw new AppError('unprocessable', 'El evento termina antes de empezar.', { details: { field: 'endsAt' } });
  }
  if (fields.activityId) {
    const activity = await db.activity.findUnique({ where: { id: fields.activityId }, select: { subcomponent: { select: { planId: true } } } });
    if (!activity || activity.subcomponent.planId !== planId) {
      throw new AppError('unprocessable', 'La actividad indicada no existe en este plan.', { details: { activityId: fields.activityId } });
    }
  }
}

export async function createEvent({ db, actor, planId, fields }: { db: Db; actor: Actor; planId: string; fields: EventFields & { title: string; startsAt: string } }) {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, select: { id: true } });
    if (!plan) throw new AppError('unprocessable', `No existe el plan con id ${planId}.`, { details: { planId } });
    const startsAt = new Date(fields.startsAt);
    const endsAt = fields.endsAt ? new Date(fields.endsAt) : null;
    await checkEvent(tx, planId, fields, startsAt, endsAt);
    const event = await tx.event.create({ data: { ...fields, planId, startsAt, endsAt } });
    await writeAudit(tx, actor, { action: 'create', entityType: 'Event', entityId: event.id, after: toEventView(event) });
    return event;
  });
}

export async function updateEvent({ db, actor, id, fields }: { db: Db; actor: Actor; id: string; fields: EventFields }) {
  return db.$transaction(async (tx) => {
    const current = await tx.event.findUnique({ where: { id } });
    if (!current) throw notFound('el evento', id);
    const startsAt = fields.startsAt ? new Date(fields.startsAt) : current.startsAt;
    const endsAt = fields.endsAt === undefined ? current.endsAt : fields.endsAt ? new Date(fields.endsAt) : null;
    await checkEvent(tx, current.planId, fields, startsAt, endsAt);
    const event = await tx.event.update({ where: { id }, data: { ...fields, startsAt, endsAt } });
    await writeAudit(tx, actor, { action: 'update', entityType: 'Event', entityId: id, before: toEventView(current), after: toEventView(event) });
    return event;
  });
}

export async function deleteEvent({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await db.$transaction(async (tx) => {
    const current = await tx.event.findUnique({ where: { id } });
    if (!current) throw notFound('el evento', id);
    await tx.event.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'delete', entityType: 'Event', entityId: id, before: toEventView(current) });
  });
}
