// npm run bench:scheduler — 1,000 pieces due within 30 seconds, published by the real
// scheduler (SQLite queue, worker, twitter-api-v2) to the local X server on 127.0.0.1.
// Prints lateness (published minus scheduled) p50, p99 and max, publishes per second,
// duplicates and lost. The last line is JSON. Target: p99 < 1,000 ms, 0 duplicates, 0 lost.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../src/audit/write-audit.js';
import { createSecretBox } from '../src/auth/secret-box.js';
import { connectAccountWithTokens } from '../src/channels/accounts.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { createMediaStore } from '../src/media/store.js';
import { changePieceStatus } from '../src/pieces/change-piece-status.js';
import { createPiece } from '../src/pieces/save-piece.js';
import { loadSeedPlan } from '../src/plan/load-seed-plan.js';
import { startScheduler } from '../src/scheduler/scheduler.js';

const PIECES = Number(process.env.BENCH_PIECES ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
const LEAD_MS = 3_000; // time between scheduling the last piece and the first one being due
const SCHEDULE_MS_PER_PIECE = 25; // measured: scheduling one piece (transition, publication, job) takes ~10-20 ms

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-bench-'));
const file = path.join(dir, 'bench.db');
applyMigrations(file);
const db = createDb(file);
const box = createSecretBox(Buffer.alloc(32, 7));

// The local X server in its own process (as X is another machine), with limits high enough
// for 1,000 posts from one account.
const xServer = spawn(path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx'), [path.join(import.meta.dirname, 'fake-x-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const started = await new Promise<{ url: string; account: { accessToken: string; refreshToken?: string | null; expiresAt?: string | null; remoteAccountId: string } }>((resolve) => {
  let out = '';
  xServer.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
  });
});
const settings = loadConfig({ X_API_BASE_URL: started.url, X_WEB_URL: started.url, PREGON_CHANNEL_TIMEOUT_MS: '5000' }).channels;
const made = started.account;
await connectAccountWithTokens({
  db,
  box,
  actor: systemActor,
  input: { network: 'x', label: 'Alcaldía (X)', accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt ?? null, remoteAccountId: made.remoteAccountId },
});
const planId = await loadSeedPlan({ db, file: path.resolve(import.meta.dirname, '../prisma/seed/plan-rendicion-de-cuentas.txt') });
const activityId = (await db.activity.findFirstOrThrow({ where: { subcomponent: { planId: planId! } } })).id;

console.log(`Preparando ${PIECES} piezas aprobadas…`);
const pieces: { id: string; text: string }[] = [];
for (let i = 0; i < PIECES; i++) {
  const text = `Pieza programada ${i + 1} de ${PIECES} (${Date.now()})`;
  const piece = await createPiece({ db, actor: systemActor, fields: { kind: 'social_post', title: `Pieza ${i + 1}`, activityId, variants: [{ network: 'x', text }] } });
  await changePieceStatus({ db, actor: systemActor, id: piece.id, action: 'submit' });
  await changePieceStatus({ db, actor: systemActor, id: piece.id, action: 'approve' });
  pieces.push({ id: piece.id, text });
}

// The worker runs while the office schedules (as it would), idle until the first piece is due.
const worker = await startScheduler({ db, box, media: createMediaStore(path.join(dir, 'media')), settings, timeZone: 'America/Bogota', leaseMs: 60_000, retryBaseMs: 1_000, perAccount: Number(process.env.BENCH_PER_ACCOUNT ?? 4) });
const first = Date.now() + LEAD_MS + PIECES * SCHEDULE_MS_PER_PIECE;
console.log(`Programando ${PIECES} piezas entre ahora+${((first - Date.now()) / 1000).toFixed(1)} s y +${((first + WINDOW_MS - Date.now()) / 1000).toFixed(1)} s…`);
for (const [i, p] of pieces.entries()) {
  await db.piece.update({ where: { id: p.id }, data: { scheduledAt: new Date(first + Math.floor((i * WINDOW_MS) / PIECES)) } });
  await changePieceStatus({ db, actor: systemActor, id: p.id, action: 'schedule' });
}
console.log(`Programadas; la primera sale en ${((first - Date.now()) / 1000).toFixed(1)} s.`);

const deadline = first + WINDOW_MS + 60_000;
while (Date.now() < deadline) {
  const done = await db.publication.count({ where: { status: { in: ['published', 'failed', 'held', 'unconfirmed'] } } });
  if (done === PIECES) break;
  await new Promise((r) => setTimeout(r, 250));
}
await worker.stop();

const publications = await db.publication.findMany(); // the bench database holds only these
const published = publications.filter((p) => p.status === 'published' && p.publishedAt && p.scheduledAt);
const lateness = published.map((p) => p.publishedAt!.getTime() - p.scheduledAt!.getTime());
const times = published.map((p) => p.publishedAt!.getTime());
const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
// What X holds: the account's timeline, every page.
const counts = new Map<string, number>();
for (let next: string | undefined = undefined, first = true; first || next; first = false) {
  const page = (await (await fetch(`${started.url}/2/users/${made.remoteAccountId}/tweets?max_results=100${next ? `&pagination_token=${next}` : ''}`, { headers: { authorization: `Bearer ${made.accessToken}` } })).json()) as {
    data?: { text: string }[];
    meta?: { next_token?: string };
  };
  for (const tw of page.data ?? []) counts.set(tw.text, (counts.get(tw.text) ?? 0) + 1);
  next = page.meta?.next_token;
}
const duplicates = pieces.filter((p) => (counts.get(p.text) ?? 0) > 1).length;
const lost = pieces.filter((p) => (counts.get(p.text) ?? 0) === 0).length;

const result = {
  latenessP50Ms: pct(lateness, 50),
  latenessP99Ms: pct(lateness, 99),
  latenessMaxMs: Math.max(...lateness),
  publishesPerSecond: Number((published.length / Math.max(seconds, 0.001)).toFixed(1)),
  duplicates,
  lost,
};
console.log(`publicadas ${published.length} de ${PIECES}; otras: ${publications.filter((p) => p.status !== 'published').map((p) => p.status).join(', ') || 'ninguna'}`);
console.log(`retraso (publicada − programada): p50 ${result.latenessP50Ms} ms, p99 ${result.latenessP99Ms} ms, máximo ${result.latenessMaxMs} ms`);
console.log(`ritmo: ${result.publishesPerSecond} publicaciones por segundo en ${seconds.toFixed(1)} s; duplicadas ${duplicates}, perdidas ${lost}`);
console.log(`objetivo p99 < 1000 ms, 0 duplicadas, 0 perdidas: ${result.latenessP99Ms < 1000 && duplicates === 0 && lost === 0 ? 'cumplido' : 'NO cumplido'}`);
console.log(JSON.stringify(result));

await db.$disconnect();
xServer.kill();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
