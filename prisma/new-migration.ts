// Writes a new migration from the change to prisma/schema.prisma since the last commit:
//   npm run db:migration -- add_surveys
// `prisma migrate dev` needs a shadow database, which the JavaScript engine cannot open
// here, so the SQL comes from `prisma migrate diff` between the committed schema and the
// edited one. test/integration/migrations-match-schema.test.ts catches any drift left.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Uso: npm run db:migration -- nombre_en_minusculas');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-migration-'));
const before = path.join(tmp, 'schema.prisma');
fs.writeFileSync(before, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root }));
const sql = execFileSync(
  path.join(root, 'node_modules', '.bin', 'prisma'),
  ['migrate', 'diff', '--from-schema-datamodel', before, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${path.join(tmp, 'scratch.db')}` } },
);
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log('El esquema no cambió desde el último commit: no hay migración que crear.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`Migración escrita en ${path.relative(root, dir)}/migration.sql`);
