import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFileFromUrl, loadConfig, projectRoot } from '../../src/config.js';
import { applyMigrations, migrationsDir } from '../../src/db/migrate.js';

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-migrate-'));
}

describe('applyMigrations', () => {
  it('creates the file, applies every committed migration once, and records it as Prisma does', () => {
    const file = path.join(tempDir(), 'nested', 'x.db');
    const all = fs.readdirSync(migrationsDir).filter((n) => fs.existsSync(path.join(migrationsDir, n, 'migration.sql')));
    expect(applyMigrations(file)).toEqual(all.sort());
    expect(applyMigrations(file)).toEqual([]);
    const db = new Database(file);
    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all() as { checksum: string; finished_at: string }[];
    expect(rows).toHaveLength(all.length);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'Activity'").get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses to go on when an applied migration was edited afterwards', () => {
    const dir = tempDir();
    const migrations = path.join(dir, 'migrations');
    fs.mkdirSync(path.join(migrations, '001_a'), { recursive: true });
    fs.writeFileSync(path.join(migrations, '001_a', 'migration.sql'), 'CREATE TABLE a (id INTEGER);');
    const file = path.join(dir, 'x.db');
    applyMigrations(file, migrations);
    fs.writeFileSync(path.join(migrations, '001_a', 'migration.sql'), 'CREATE TABLE a (id TEXT);');
    expect(() => applyMigrations(file, migrations)).toThrow(/001_a cambió/);
  });

  it('rolls a failing migration back whole and does not record it', () => {
    const dir = tempDir();
    const migrations = path.join(dir, 'migrations');
    fs.mkdirSync(path.join(migrations, '001_bad'), { recursive: true });
    fs.writeFileSync(path.join(migrations, '001_bad', 'migration.sql'), 'CREATE TABLE ok (id INTEGER);\nCREATE TABLE broken (;');
    const file = path.join(dir, 'x.db');
    expect(() => applyMigrations(file, migrations)).toThrow();
    const db = new Database(file);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM _prisma_migrations').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', timeZone: 'America/Bogota', maxUploadBytes: 10 * 1024 * 1024 });
    expect(c.databaseFile).toBe(path.join(projectRoot, 'data', 'pregon.db'));
    expect(c.seedPlanFile).toBe(path.join(projectRoot, 'prisma', 'seed', 'plan-rendicion-de-cuentas.txt'));
  });
  it('reads DATABASE_URL as relative to the project or absolute', () => {
    expect(databaseFileFromUrl('file:./x/y.db')).toBe(path.join(projectRoot, 'x', 'y.db'));
    expect(databaseFileFromUrl('file:/tmp/z.db')).toBe('/tmp/z.db');
  });
  it('refuses a bad port or an unknown time zone with a Spanish message', () => {
    expect(() => loadConfig({ PORT: 'tres mil' })).toThrow(/Configuración inválida[\s\S]*PORT/);
    expect(() => loadConfig({ PREGON_TIME_ZONE: 'Bogota' })).toThrow(/zona horaria/);
  });
  it('turns the seed off with PREGON_LOAD_SEED=false', () => {
    expect(loadConfig({ PREGON_LOAD_SEED: 'false' }).seedPlanFile).toBeNull();
  });
});

describe('migrations that rebuild tables', () => {
  it('keep the rows that point at a rebuilt table (no cascade on the old table’s drop)', () => {
    const dir = tempDir();
    const partial = path.join(dir, 'migrations');
    const all = fs.readdirSync(migrationsDir).filter((n) => fs.existsSync(path.join(migrationsDir, n, 'migration.sql'))).sort();
    fs.mkdirSync(path.join(partial, all[0]!), { recursive: true });
    fs.copyFileSync(path.join(migrationsDir, all[0]!, 'migration.sql'), path.join(partial, all[0]!, 'migration.sql'));
    const file = path.join(dir, 'x.db');
    applyMigrations(file, partial);

    const db = new Database(file);
    const now = new Date().toISOString();
    db.prepare("INSERT INTO Piece (id, kind, title, updatedAt) VALUES ('p1', 'poster', 'Afiche', ?)").run(now);
    db.prepare("INSERT INTO PieceVariant (id, pieceId, network, updatedAt) VALUES ('v1', 'p1', 'x', ?)").run(now);
    db.prepare("INSERT INTO ChannelAccount (id, network, label, updatedAt) VALUES ('a1', 'x', 'Cuenta', ?)").run(now);
    db.prepare("INSERT INTO Publication (id, pieceId, variantId, accountId, pieceVersion, updatedAt) VALUES ('pub1', 'p1', 'v1', 'a1', 1, ?)").run(now);
    db.close();

    expect(applyMigrations(file).length).toBe(all.length - 1);
    const after = new Database(file);
    expect(after.prepare('SELECT id FROM Publication').all()).toEqual([{ id: 'pub1' }]);
    expect(after.prepare('SELECT id FROM PieceVariant').all()).toEqual([{ id: 'v1' }]);
    expect(after.pragma('foreign_keys', { simple: true })).toBe(1);
    after.close();
  });
});
