// npm run bench:render — render speed against bare sharp, and the cached request.
// For each template: the full pipeline (fit text, compose, encode) in the X post and
// Instagram square formats, then bare sharp on the same final SVG, many times; then the
// time of an identical POST /api/render served from the store. Last line is JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { createApiToken } from '../src/auth/api-tokens.js';
import { defaultBrandKit, listTemplates, renderTemplate, textCache, validateFields, type FormatId } from '../src/render/index.js';
import { sampleValues } from '../src/render/service/samples.js';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const formats: FormatId[] = ['x_post', 'ig_square'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
async function time(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const pipelineAll: number[] = [];
const coldAll: number[] = [];
const bareAll: number[] = [];
console.log(`plantilla            formato      mediana ms   p95 ms   en frío ms   sharp solo ms   razón   razón en frío`);
for (const template of listTemplates()) {
  for (const format of formats) {
    const values = validateFields(template, sampleValues(template));
    const req = { template, values, brand: defaultBrandKit, format, output: 'png' as const };
    const { svg } = await renderTemplate(req); // warm-up, and the final SVG for bare sharp
    const pipeline: number[] = [];
    const cold: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Warm: the texts were measured before (the editor's case). Cold: nothing measured yet.
      pipeline.push(await time(() => renderTemplate(req)));
      textCache.clear();
      cold.push(await time(() => renderTemplate(req)));
      bare.push(await time(() => sharp(Buffer.from(svg)).png().toBuffer()));
    }
    pipelineAll.push(...pipeline);
    coldAll.push(...cold);
    bareAll.push(...bare);
    const ratio = pct(pipeline, 50) / pct(bare, 50);
    const coldRatio = pct(cold, 50) / pct(bare, 50);
    console.log(`${template.id.padEnd(20)} ${format.padEnd(12)} ${pct(pipeline, 50).toFixed(1).padStart(10)} ${pct(pipeline, 95).toFixed(1).padStart(8)} ${pct(cold, 50).toFixed(1).padStart(12)} ${pct(bare, 50).toFixed(1).padStart(15)} ${ratio.toFixed(2).padStart(7)} ${coldRatio.toFixed(2).padStart(15)}`);
  }
}

// The cached request, end to end through Hono, the policy, Prisma and the media store.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-bench-'));
const file = path.join(dir, 'bench.db');
applyMigrations(file);
const config = loadConfig({ DATABASE_URL: `file:${file}`, PREGON_MEDIA_DIR: path.join(dir, 'media'), PREGON_SECRET: 'bench-bench-bench-bench' });
const db = createDb(file);
const app = createApp({ db, config });
const user = await db.user.create({ data: { email: 'bench@pregon.local', name: 'Bench', role: 'admin', passwordHash: 'x' } });
const { token } = await createApiToken(db, { userId: user.id, name: 'bench' });
const t0 = listTemplates()[0]!;
const body = JSON.stringify({ template: t0.id, fields: sampleValues(t0), format: 'x_post', output: 'png' });
const request = async () => (await app.request('/api/render', { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })).arrayBuffer();
await request();
const cached: number[] = [];
for (let i = 0; i < 200; i++) cached.push(await time(request));
await db.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });

const renderMedianMs = pct(pipelineAll, 50);
const ratioToBareSharp = renderMedianMs / pct(bareAll, 50);
const coldRenderMedianMs = pct(coldAll, 50);
const coldRatioToBareSharp = coldRenderMedianMs / pct(bareAll, 50);
const cachedMs = pct(cached, 50);
console.log(
  `\ntodas: mediana ${renderMedianMs.toFixed(1)} ms (en frío ${coldRenderMedianMs.toFixed(1)} ms), p95 ${pct(pipelineAll, 95).toFixed(1)} ms; sharp solo ${pct(bareAll, 50).toFixed(1)} ms; ` +
    `petición en caché: mediana ${cachedMs.toFixed(2)} ms, p95 ${pct(cached, 95).toFixed(2)} ms (${runs} repeticiones por caso)`,
);
console.log(
  JSON.stringify({
    renderMedianMs: +renderMedianMs.toFixed(2),
    ratioToBareSharp: +ratioToBareSharp.toFixed(3),
    cachedMs: +cachedMs.toFixed(3),
    coldRenderMedianMs: +coldRenderMedianMs.toFixed(2),
    coldRatioToBareSharp: +coldRatioToBareSharp.toFixed(3),
  }),
);
