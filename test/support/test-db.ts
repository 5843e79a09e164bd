import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { systemActor } from '../../src/audit/write-audit.js';
import { createDb, type Db } from '../../src/db/client.js';
import type { Role } from '../../src/generated/prisma/client.js';

/** A fresh, migrated SQLite file in its own temporary folder. */
export function createTestDatabase(): { file: string; dir: string } {
  const template = process.env.PREGON_TEST_TEMPLATE_DB;
  if (!template) throw new Error('Falta PREGON_TEST_TEMPLATE_DB: ¿corre la prueba sin vitest.config.ts?');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-db-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  return { file, dir };
}

type App = ReturnType<typeof createApp>;
/** Something that answers requests like `app.request`, as one caller. */
export type Client = { request: (path: string, init?: RequestInit) => Promise<Response> };

export type TestContext = {
  db: Db;
  config: Config;
  /** The app as the test administrator (an API token), for tests about something else than access. */
  app: Client;
  /** The app with no credentials. */
  anon: App;
  file: string;
  close: () => Promise<void>;
};

/** A caller that sends an `Authorization: Bearer` token with every request. */
export function withToken(app: App, token: string): Client {
  return {
    request: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return Promise.resolve(app.request(path, { ...init, headers }));
    },
  };
}

/** Creates a user of a role with an API token; returns the user and the token. */
export async function createUserWithToken(db: Db, role: Role, departmentIds: string[] = [], email = `${role}-${Math.random().toString(36).slice(2, 8)}@prueba.gov.co`) {
  const { createUser } = await import('../../src/users/users.js');
  const { createApiToken } = await import('../../src/auth/api-tokens.js');
  const { user } = await createUser({ db, actor: systemActor, input: { email, name: `Prueba ${role}`, role, departmentIds, password: 'contraseña-de-prueba' } });
  const { token } = await createApiToken(db, { userId: user.id, name: 'pruebas' });
  return { user, token };
}

/** A real database file, a real Prisma client and the real Hono app over them. */
export async function createTestContext(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Promise<TestContext> {
  const { file, dir } = createTestDatabase();
  const config = { ...loadConfig({ DATABASE_URL: `file:${file}`, PREGON_LOAD_SEED: 'false', PREGON_SECRET: 'secreto-de-pruebas-123', PREGON_MEDIA_DIR: path.join(dir, 'media'), ...env }), ...overrides };
  const db = createDb(file);
  const anon = createApp({ db, config });
  const admin = await createUserWithToken(db, 'admin', [], 'admin@prueba.gov.co');
  return {
    db,
    config,
    app: withToken(anon, admin.token),
    anon,
    file,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const seedPlanPath = path.resolve(import.meta.dirname, '../fixtures/plans/rendicion-de-cuentas-seed.txt');

/** Loads the seed plan through the real importer; returns the plan's id. */
export async function importSeedPlan(db: Db): Promise<string> {
  const { parsePlanFile } = await import('../../src/plan/import/parse-plan.js');
  const { importPlan } = await import('../../src/plan/import-plan.js');
  const parsed = await parsePlanFile({ bytes: fs.readFileSync(seedPlanPath), filename: 'seed.txt' });
  return (await importPlan({ db, actor: systemActor, parsed })).planId;
}

export function jsonRequest(method: string, body?: unknown): RequestInit {
  return { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

/**
 * A browser-like caller: signs in through POST /api/auth/login, then sends the session
 * cookie with every request and the CSRF token on every change, as the pages do.
 */
export async function sessionClient(app: App, email: string, password: string) {
  const res = await app.request('/api/auth/login', jsonRequest('POST', { email, password }));
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const client: Client & { cookie: string; csrfToken: string } = {
    cookie,
    csrfToken,
    request: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET') headers.set('x-csrf-token', csrfToken);
      return Promise.resolve(app.request(path, { ...init, headers }));
    },
  };
  return client;
}
