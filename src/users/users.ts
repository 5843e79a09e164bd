import type { Actor } from '../audit/write-audit.js';
import { writeAudit } from '../audit/write-audit.js';
import { generatePassword, hashPassword, verifyPassword } from '../auth/crypto.js';
import { revokeSessions } from '../auth/sessions.js';
import type { Db, DbOrTx } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import type { Role } from '../generated/prisma/client.js';

const userInclude = { departments: { include: { department: { select: { id: true, name: true } } } } } as const;

/** What the API and the trail show of a user: never the password hash. */
export function toUserView(u: { id: string; email: string; name: string; role: Role; active: boolean; createdAt: Date; departments: { department: { id: string; name: string } }[] }) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    departments: u.departments.map((d) => d.department),
    createdAt: u.createdAt.toISOString(),
  };
}

async function checkDepartments(db: DbOrTx, ids: string[]) {
  const found = await db.department.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size) throw new AppError('unprocessable', 'Alguna de las dependencias indicadas no existe.', { details: { departmentIds: ids } });
}

export async function listUsers(db: DbOrTx) {
  return (await db.user.findMany({ orderBy: { email: 'asc' }, include: userInclude })).map(toUserView);
}

export type NewUser = { email: string; name: string; role: Role; departmentIds?: string[]; password?: string };

/** Creates a user; without a password one is generated and returned once. */
export async function createUser({ db, actor, input }: { db: Db; actor: Actor; input: NewUser }) {
  const email = input.email.trim().toLowerCase();
  const departmentIds = [...new Set(input.departmentIds ?? [])];
  if (input.role === 'department' && departmentIds.length === 0) {
    throw new AppError('unprocessable', 'Un usuario de dependencia debe pertenecer al menos a una dependencia.', { details: { field: 'departmentIds' } });
  }
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) throw new AppError('conflict', `Ya existe un usuario con el correo ${email}.`);
    await checkDepartments(tx, departmentIds);
    const created = await tx.user.create({
      data: { email, name: input.name, role: input.role, passwordHash, departments: { create: departmentIds.map((departmentId) => ({ departmentId })) } },
      include: userInclude,
    });
    await writeAudit(tx, actor, { action: 'create', entityType: 'User', entityId: created.id, after: toUserView(created) });
    return created;
  });
  return { user: toUserView(user), generatedPassword: input.password ? null : password };
}

export type UserChanges = { name?: string; role?: Role; active?: boolean; departmentIds?: string[] };

/** Changes a user; deactivating one closes their sessions at once. */
export async function updateUser({ db, actor, id, changes }: { db: Db; actor: Actor; id: string; changes: UserChanges }) {
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, include: userInclude });
    if (!before) throw notFound('el usuario', id);
    if (id === actor.userId && (changes.active === false || (changes.role && changes.role !== 'admin'))) {
      throw new AppError('unprocessable', 'No puede desactivarse ni quitarse el rol de administrador a sí mismo.');
    }
    if (changes.departmentIds) {
      await checkDepartments(tx, changes.departmentIds);
      await tx.userDepartment.deleteMany({ where: { userId: id } });
      await tx.userDepartment.createMany({ data: [...new Set(changes.departmentIds)].map((departmentId) => ({ userId: id, departmentId })) });
    }
    const after = await tx.user.update({ where: { id }, data: { name: changes.name, role: changes.role, active: changes.active }, include: userInclude });
    if (after.role === 'department' && after.departments.length === 0) {
      throw new AppError('unprocessable', 'Un usuario de dependencia debe pertenecer al menos a una dependencia.', { details: { field: 'departmentIds' } });
    }
    if (changes.active === false) await revokeSessions(tx, { userId: id });
    await writeAudit(tx, actor, { action: 'update', entityType: 'User', entityId: id, before: toUserView(before), after: toUserView(after) });
    return toUserView(after);
  });
}

/** Changes one's own password; every other session of the user is closed. */
export async function changePassword(o: { db: Db; actor: Actor; userId: string; sessionId: string | null; current: string; next: string }) {
  const user = await o.db.user.findUniqueOrThrow({ where: { id: o.userId } });
  if (!(await verifyPassword(user.passwordHash, o.current))) {
    throw new AppError('unprocessable', 'La contraseña actual no es correcta.', { details: { field: 'currentPassword' } });
  }
  const passwordHash = await hashPassword(o.next);
  await o.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: o.userId }, data: { passwordHash } });
    await revokeSessions(tx, o.sessionId ? { userId: o.userId, exceptId: o.sessionId } : { userId: o.userId });
    await writeAudit(tx, o.actor, { action: 'password_change', entityType: 'User', entityId: o.userId });
  });
}
