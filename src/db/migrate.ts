import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projectRoot } from '../config.js';

export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');

/**
 * Applies the committed Prisma migrations (prisma/migrations/<name>/migration.sql) that the
 * database has not seen, each in its own transaction, and records them in Prisma's own
 * `_prisma_migrations` table with the same checksum (SHA-256 of the file) that
 * `prisma migrate deploy` writes, so the Prisma CLI and this function can take turns on
 * one file. It exists so that `npm start` and the tests need no Prisma CLI at run time
 * (the CLI takes about 1.7 s to start; this takes milliseconds).
 */
export function applyMigrations(databaseFile: string, dir = migrationsDir): string[] {
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const db = new Database(databaseFile);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied = new Map(
      db
        .prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL')
        .all()
        .map((r) => {
          const row = r as { migration_name: string; checksum: string };
          return [row.migration_name, row.checksum] as const;
        }),
    );
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
      .map((d) => d.name)
      .sort();
    const newlyApplied: string[] = [];
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const known = applied.get(name);
      if (known !== undefined) {
        // An edited migration that already ran means the schema is no longer what the files say.
        if (known !== checksum) throw new Error(`La migración ${name} cambió después de aplicarse (checksum distinto).`);
        continue;
      }
      const startedAt = new Date().toISOString();
      // Prisma's SQLite migrations rebuild tables (create new, copy, drop old, rename). With
      // foreign keys on, dropping the old table would cascade-delete the rows that point at
      // it, so they are off during the migration (a pragma that only works outside a
      // transaction) and checked before it commits, as prisma migrate deploy does.
      db.pragma('foreign_keys = OFF');
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`La migración ${name} deja ${broken.length} referencias rotas.`);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), checksum, new Date().toISOString(), name, startedAt);
      })();
      db.pragma('foreign_keys = ON');
      newlyApplied.push(name);
    }
    return newlyApplied;
  } finally {
    db.close();
  }
}
