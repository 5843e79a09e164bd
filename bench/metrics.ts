// npm run bench:metrics — 10,000 publications (half on X, half on YouTube) whose metrics
// snapshot is due, collected in one full refresh by the real scheduler (SQLite queue, worker,
// twitter-api-v2 and the Google client) from the local X and YouTube servers on 127.0.0.1.
// Prints the API calls made (counted at the servers), the minimum possible (X: 100 ids per
// lookup, YouTube: 50 per videos.list), the seconds the refresh took and the peak memory.
// The last line is JSON. Target: apiCalls = minimumCalls, under 60 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../src/audit/write-audit.js';
import { createSecretBox } from '../src/auth/secret-box.js';
import { connectAccountWithTokens } from '../src/channels/accounts.js';
import { userClient } from '../src/channels/x/client.js';
import { defaultMetricsSettings, loadConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { createMediaStore } from '../src/media/store.js';
import { loadSeedPlan } from '../src/plan/load-seed-plan.js';
import { serveFake } from '../src/sandbox/fake-kit.js';
import { createFakeGoogle } from '../src/sandbox/google.js';
import { createFakeX } from '../src/sandbox/x.js';
import { startScheduler } from '../src/scheduler/scheduler.js';
import { seedPublished } from '../test/support/published.js';

const PUBLICATIONS = Number(process.env.BENCH_PUBLICATIONS ?? 10_000);
const ON_X = Math.ceil(PUBLICATIONS / 2);
const ON_YOUTUBE = PUBLICATIONS - ON_X;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-bench-metrics-'));
const file = path.join(dir, 'bench.db');
applyMigrations(file);
const db = createDb(file);
const box = createSecretBox(Buffer.alloc(32, 7));

// The local servers, with X's post limit raised so the bench can create its 5,000 posts.
const x = createFakeX({ limits: { createTweet: 1_000_000 } });
const google = createFakeGoogle();
const xServed = await serveFake(x.app, x.kit);
const googleServed = await serveFake(google.app, google.kit);
const settings = loadConfig({ X_API_BASE_URL: xServed.url, X_WEB_URL: xServed.url, YOUTUBE_API_ROOT_URL: `${googleServed.url}/`, GOOGLE_OAUTH_TOKEN_URL: `${googleServed.url}/token`, PREGON_CHANNEL_TIMEOUT_MS: '10000' }).channels;

async function connect(network: 'x' | 'youtube', made: ReturnType<typeof x.createAccount>) {
  const input = { network, label: `Alcaldía (${network})`, accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt?.toISOString() ?? null, remoteAccountId: made.remoteAccountId };
  return connectAccountWithTokens({ db, box, actor: systemActor, input });
}
const xMade = x.createAccount('Alcaldía');
const youtubeMade = google.createAccount('Alcaldía');
const xAccount = await connect('x', xMade);
const youtubeAccount = await connect('youtube', youtubeMade);
const planId = await loadSeedPlan({ db, file: path.resolve(import.meta.dirname, '../prisma/seed/plan-rendicion-de-cuentas.txt') });
const activityId = (await db.activity.findFirstOrThrow({ where: { subcomponent: { planId: planId! } } })).id;

console.log(`Preparando ${ON_X} publicaciones en X y ${ON_YOUTUBE} en YouTube…`);
const client = userClient(settings, xMade.accessToken).v2;
const tweetIds: string[] = [];
for (let i = 0; i < ON_X; i += 50) {
  const posted = await Promise.all(Array.from({ length: Math.min(50, ON_X - i) }, (_, k) => client.tweet(`Publicación ${i + k + 1} de la rendición de cuentas`)));
  tweetIds.push(...posted.map((p) => p.data.id));
}
const videoIds = Array.from({ length: ON_YOUTUBE }, (_, i) => {
  const id = `bench${String(i).padStart(6, '0')}`;
  google.store.videos.set(id, {
    id, channelId: youtubeMade.remoteAccountId, title: `Video ${i + 1}`, description: '', tags: [], categoryId: '25', defaultLanguage: 'es', privacyStatus: 'public',
    publishAt: null, selfDeclaredMadeForKids: false, uploadedAt: new Date(), media: Buffer.alloc(0), mediaType: 'video/mp4', thumbnail: null, scheduledStartTime: null,
  });
  return id;
});
const publishedAt = new Date(Date.now() - 2 * 3_600_000);
await seedPublished(db, { activityId, accountId: xAccount.id, network: 'x', posts: tweetIds.map((remoteId) => ({ remoteId, publishedAt })) });
await seedPublished(db, { activityId, accountId: youtubeAccount.id, network: 'youtube', posts: videoIds.map((remoteId) => ({ remoteId, publishedAt })) });

// Counted from here: only the refresh's reads.
const lookups = () => x.kit.requests('GET', '/2/tweets').filter((r) => r.path === '/2/tweets').length;
const videoLists = () => google.kit.requests('GET', '/youtube/v3/videos').length;
const before = { x: lookups(), youtube: videoLists() };
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

console.log('Actualización completa de métricas con el programador…');
const started = performance.now();
const worker = await startScheduler({ db, box, media: createMediaStore(path.join(dir, 'media')), settings, timeZone: 'America/Bogota', leaseMs: 60_000, retryBaseMs: 1_000, metrics: defaultMetricsSettings });
while ((await db.metricSample.count()) < PUBLICATIONS && performance.now() - started < 120_000) await new Promise((r) => setTimeout(r, 50));
const seconds = (performance.now() - started) / 1000;
await worker.stop();
clearInterval(sampler);

const samples = await db.metricSample.count();
const apiCalls = lookups() - before.x + (videoLists() - before.youtube);
const minimumCalls = Math.ceil(ON_X / 100) + Math.ceil(ON_YOUTUBE / 50);
console.log(`Muestras guardadas: ${samples} de ${PUBLICATIONS}`);
console.log(`Llamadas a las API: ${apiCalls} (X: ${lookups() - before.x}, YouTube: ${videoLists() - before.youtube}); mínimo posible: ${minimumCalls}`);
console.log(`Segundos: ${seconds.toFixed(2)}; memoria máxima del proceso: ${Math.round(peakRss / 1024 / 1024)} MB`);
await db.$disconnect();
await Promise.all([xServed.close(), googleServed.close()]);
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ apiCalls, minimumCalls, seconds: Number(seconds.toFixed(2)) }));
if (samples < PUBLICATIONS) process.exitCode = 1;
