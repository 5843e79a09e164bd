import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';

/** Every table and index as SQLite stores it, whitespace folded. */
function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string }[];
  db.close();
  // SQLite writes an added column as ', "col" …)' after the original text: spaces around commas and parentheses are folded too.
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ').replace(/\s*([,()])\s*/g, '$1')}`);
}

describe('committed migrations', () => {
  // With the JavaScript engine the CLI cannot diff against a database URL, so compare the
  // database the migrations build with the one the schema alone builds.
  it('build exactly the database that prisma/schema.prisma describes (no missing migration)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-drift-'));
    const fromSchema = path.join(dir, 'from-schema.db');
    const sql = execFileSync(
      path.join(projectRoot, 'node_modules', '.bin', 'prisma'),
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: `file:${fromSchema}` }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(sql).toContain('CREATE TABLE "Activity"');
    const db = new Database(fromSchema);
    db.exec(sql);
    db.close();
    expect(schemaOf(process.env.PREGON_TEST_TEMPLATE_DB!)).toEqual(schemaOf(fromSchema));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
