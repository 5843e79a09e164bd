// Manages users from the shell:
//   npm run user -- create --email ana@alcaldia.gov.co --name "Ana Pérez" --role approver [--password …] [--department "Secretaría de Planeación"]…
//   npm run user -- list
//   npm run user -- set-password --email ana@alcaldia.gov.co [--password …]
//   npm run user -- deactivate --email ana@alcaldia.gov.co
import { parseArgs } from 'node:util';
import type { Actor } from '../audit/write-audit.js';
import { writeAudit } from '../audit/write-audit.js';
import { generatePassword, hashPassword, passwordRules } from '../auth/crypto.js';
import { revokeSessions } from '../auth/sessions.js';
import { loadConfig } from '../config.js';
import { createDb, type Db } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { AppError } from '../errors.js';
import type { Role } from '../generated/prisma/client.js';
import { departmentKey } from '../plan/import/departments.js';
import { createUser, listUsers, updateUser } from '../users/users.js';

const actor: Actor = { userId: null, label: 'consola', ip: null };
const roles: Role[] = ['admin', 'communications', 'approver', 'department', 'viewer'];

async function run(db: Db, command: string | undefined, v: Record<string, string | string[] | boolean | undefined>) {
  const email = typeof v.email === 'string' ? v.email.toLowerCase() : undefined;
  const password = typeof v.password === 'string' ? v.password : undefined;
  if (password !== undefined && password.length < passwordRules.min) throw new AppError('validation_failed', `La contraseña debe tener al menos ${passwordRules.min} caracteres.`);
  switch (command) {
    case 'create': {
      const role = v.role as Role;
      if (!email || typeof v.name !== 'string' || !roles.includes(role)) throw new AppError('validation_failed', `Indique --email, --name y --role (${roles.join(', ')}).`);
      const names = (v.department as string[] | undefined) ?? [];
      const departments = await db.department.findMany({ where: { key: { in: names.map(departmentKey) } } });
      if (departments.length !== names.length) throw new AppError('validation_failed', 'Alguna dependencia no existe; vea los nombres en /departamentos.');
      const { user, generatedPassword } = await createUser({ db, actor, input: { email, name: v.name, role, password, departmentIds: departments.map((d) => d.id) } });
      console.log(`Usuario creado: ${user.email} (${user.role})`);
      if (generatedPassword) console.log(`Contraseña inicial: ${generatedPassword}`);
      return;
    }
    case 'list':
      for (const u of await listUsers(db)) console.log(`${u.active ? ' ' : 'x'} ${u.email.padEnd(36)} ${u.role.padEnd(15)} ${u.departments.map((d) => d.name).join(', ')}`);
      return;
    case 'set-password': {
      const user = email ? await db.user.findUnique({ where: { email } }) : null;
      if (!user) throw new AppError('not_found', `No existe el usuario ${email ?? ''}.`);
      const next = password ?? generatePassword();
      const passwordHash = await hashPassword(next);
      await db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await revokeSessions(tx, { userId: user.id });
        await writeAudit(tx, actor, { action: 'password_reset', entityType: 'User', entityId: user.id });
      });
      console.log(password ? 'Contraseña cambiada.' : `Nueva contraseña: ${next}`);
      return;
    }
    case 'deactivate': {
      const user = email ? await db.user.findUnique({ where: { email } }) : null;
      if (!user) throw new AppError('not_found', `No existe el usuario ${email ?? ''}.`);
      await updateUser({ db, actor, id: user.id, changes: { active: false } });
      console.log(`Usuario ${user.email} desactivado y sus sesiones cerradas.`);
      return;
    }
    default:
      throw new AppError('validation_failed', 'Uso: npm run user -- create|list|set-password|deactivate [--email …] [--name …] [--role …] [--password …] [--department …]');
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, department: { type: 'string', multiple: true } },
});
const config = loadConfig();
applyMigrations(config.databaseFile);
const db = createDb(config.databaseFile);
try {
  await run(db, positionals[0], values);
} catch (err) {
  console.error(err instanceof AppError ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
