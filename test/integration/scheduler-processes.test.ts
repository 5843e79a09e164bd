import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/audit/write-audit.js';
import { changePieceStatus } from '../../src/pieces/change-piece-status.js';
import { createPiece } from '../../src/pieces/save-piece.js';
import { serveFake, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeX, type FakeX } from '../../src/sandbox/x.js';
import { startPregonProcess, type ChildPregon } from '../support/child-pregon.js';
import { createTestContext, importSeedPlan, type TestContext } from '../support/test-db.js';

// The scheduler's promises under real failure: Pregón runs as child processes (as `npm start`
// does) on one SQLite file, publishing to the local X server through twitter-api-v2. A
// process is killed with SIGKILL in the middle of a burst and started again; two processes
// run at once. Every piece must end published exactly once: no duplicate, none lost.

let x: FakeX & ServedFake;
let t: TestContext;
let activityId: string;
const children: ChildPregon[] = [];

const SECRET = 'secreto-de-pruebas-123';
const childEnv = () => ({
  DATABASE_URL: `file:${t.file}`,
  PREGON_SECRET: SECRET,
  PREGON_MEDIA_DIR: t.config.mediaDir,
  X_API_BASE_URL: x.url,
  X_WEB_URL: x.url,
  PREGON_CHANNEL_TIMEOUT_MS: '1000',
  PREGON_JOB_LEASE_MS: '2000',
  PREGON_RETRY_BASE_MS: '100',
});
async function start() {
  const child = await startPregonProcess(childEnv());
  children.push(child);
  return child;
}

/** `n` approved pieces with an X variant each, then scheduled over `spreadMs` starting `inMs` from now. */
async function scheduleBurst(n: number, label: string, { inMs = 1_500, spreadMs = 2_000 } = {}) {
  const pieces: { id: string; text: string }[] = [];
  for (let i = 0; i < n; i++) {
    const text = `${label} · pieza ${i + 1} de ${n}`;
    const piece = await createPiece({ db: t.db, actor: systemActor, fields: { kind: 'social_post', title: text, activityId, variants: [{ network: 'x', text }] } });
    await changePieceStatus({ db: t.db, actor: systemActor, id: piece.id, action: 'submit' });
    await changePieceStatus({ db: t.db, actor: systemActor, id: piece.id, action: 'approve' });
    pieces.push({ id: piece.id, text });
  }
  const from = Date.now() + inMs;
  for (const [i, p] of pieces.entries()) {
    await t.db.piece.update({ where: { id: p.id }, data: { scheduledAt: new Date(from + Math.floor((i * spreadMs) / n)) } });
    await changePieceStatus({ db: t.db, actor: systemActor, id: p.id, action: 'schedule' });
  }
  return pieces;
}

const settledStates = ['published', 'failed', 'held', 'unconfirmed'];
async function settled(ids: string[]) {
  return t.db.publication.count({ where: { pieceId: { in: ids }, status: { in: settledStates as never } } });
}
async function waitFor(check: () => Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no se cumplió a tiempo: ${what}`);
}

/** Every piece published exactly once on X, each publication pointing at its own post. */
async function expectExactlyOnce(pieces: { id: string; text: string }[]) {
  const counts = new Map<string, number>();
  for (const tw of x.tweets()) counts.set(tw.text, (counts.get(tw.text) ?? 0) + 1);
  const duplicates = pieces.filter((p) => (counts.get(p.text) ?? 0) > 1).length;
  const lost = pieces.filter((p) => (counts.get(p.text) ?? 0) === 0).length;
  const publications = await t.db.publication.findMany({ where: { pieceId: { in: pieces.map((p) => p.id) } } });
  const byStatus = Object.fromEntries(settledStates.map((s) => [s, publications.filter((p) => p.status === s).length]));
  expect({ duplicates, lost, ...byStatus }).toEqual({ duplicates: 0, lost: 0, published: pieces.length, failed: 0, held: 0, unconfirmed: 0 });
  const ids = new Set(x.tweets().map((tw) => tw.id));
  expect(publications.every((p) => p.remoteId && ids.has(p.remoteId))).toBe(true);
}

beforeAll(async () => {
  const fake = createFakeX({ limits: { createTweet: 100_000, timeline: 100_000 } });
  x = { ...fake, ...(await serveFake(fake.app, fake.kit)) } as FakeX & ServedFake;
  t = await createTestContext({ X_API_BASE_URL: x.url, X_WEB_URL: x.url, PREGON_SECRET: SECRET });
  const planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } })).id;
  const account = x.createAccount('Alcaldía de San Martín');
  const res = await t.app.request('/api/channels/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ network: 'x', label: 'Alcaldía (X)', accessToken: account.accessToken, refreshToken: account.refreshToken, expiresAt: account.expiresAt?.toISOString(), remoteAccountId: account.remoteAccountId }),
  });
  expect(res.status).toBe(201);
}, 60_000);

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  x.kit.clearFaults();
});

afterAll(async () => {
  await t?.close();
  await x?.close();
});

describe('crash and faults', () => {
  const scenarios = [
    { name: 'a clean burst', faults: [] },
    { name: 'the server answering 500s', faults: [{ kind: 'server_error' as const, match: 'POST /2/tweets', times: 40 }] },
    { name: 'timeouts after the server accepted the post', faults: [{ kind: 'timeout_after_store' as const, match: 'POST /2/tweets', times: 15, delayMs: 4_000 }] },
  ];
  for (const scenario of scenarios) {
    it(`kill -9 in the middle of ${scenario.name}: after a restart every piece is published exactly once`, async () => {
      const pieces = await scheduleBurst(300, `Ráfaga (${scenario.name}) ${Date.now()}`);
      for (const fault of scenario.faults) x.kit.addFault(fault);
      const first = await start();
      const ids = pieces.map((p) => p.id);
      await waitFor(async () => (await t.db.publication.count({ where: { pieceId: { in: ids }, status: 'published' } })) >= 100, 60_000, 'un tercio publicado');
      await first.kill('SIGKILL');
      // The kill really cut the burst: work was left for the restarted process.
      const publishedAtKill = await t.db.publication.count({ where: { pieceId: { in: ids }, status: 'published' } });
      expect(publishedAtKill).toBeLessThan(ids.length);
      await start();
      await waitFor(async () => (await settled(ids)) === ids.length, 60_000, 'todas las publicaciones resueltas');
      await expectExactlyOnce(pieces);
    }, 120_000);
  }
});

describe('two processes on one database', () => {
  it('never publish the same piece twice', async () => {
    const pieces = await scheduleBurst(150, `Dos procesos ${Date.now()}`, { spreadMs: 1_000 });
    await Promise.all([start(), start()]);
    const ids = pieces.map((p) => p.id);
    await waitFor(async () => (await settled(ids)) === ids.length, 60_000, 'todas las publicaciones resueltas');
    await expectExactlyOnce(pieces);
  }, 120_000);
});
