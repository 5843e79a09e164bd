// Composition root: config -> database -> app -> listen. Nothing else belongs here.
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createDb } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { ensureAdmin } from './auth/ensure-admin.js';
import { createSecretBox, loadSecretKey } from './auth/secret-box.js';
import { loadSeedPlan } from './plan/load-seed-plan.js';
import { pauseSandboxAccounts } from './channels/accounts.js';
import { createMediaStore } from './media/store.js';
import { startScheduler } from './scheduler/scheduler.js';
import { startSandbox } from './sandbox/start.js';

const config = loadConfig();
const applied = applyMigrations(config.databaseFile);
if (applied.length > 0) console.log(`Base de datos ${config.databaseFile}: ${applied.length} migraciones aplicadas.`);

// Created on first start (data/secret.key, 0600) unless PREGON_SECRET is set.
const secrets = createSecretBox(loadSecretKey(config));

const db = createDb(config.databaseFile);
const admin = await ensureAdmin(db, config.admin);
if (admin) {
  console.log(`Administrador creado: ${admin.user.email}`);
  if (admin.generatedPassword) console.log(`Contraseña inicial (se muestra solo esta vez): ${admin.generatedPassword}`);
}
if (config.seedPlanFile) {
  const planId = await loadSeedPlan({ db, file: config.seedPlanFile });
  if (planId) console.log(`Plan semilla cargado (${planId}).`);
}

// Sandbox mode: local X, Google and Graph servers in this process, and accounts on them.
const sandbox = config.sandbox ? await startSandbox({ db, box: secrets, settings: config.channels }) : null;
if (sandbox) console.log('Modo sandbox: X, YouTube y Facebook son servidores locales; nada sale a las redes reales.');
else await pauseSandboxAccounts(db);
const runtimeConfig = sandbox ? { ...config, channels: sandbox.settings } : config;

const media = createMediaStore(config.mediaDir);
const app = createApp({ db, config: runtimeConfig, secrets, media, logRequests: config.logLevel === 'debug' });

// Scheduled publishing and token renewal, from jobs in the database.
const worker = config.scheduler.enabled
  ? await startScheduler({
      db,
      box: secrets,
      media,
      settings: runtimeConfig.channels,
      timeZone: config.timeZone,
      leaseMs: config.scheduler.leaseMs,
      retryBaseMs: config.scheduler.retryBaseMs,
      metrics: config.metrics,
      onError: (e) => console.error('Programador:', e),
    })
  : null;
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  console.log(`Pregón escucha en http://${host}:${info.port}/`);
});

function shutdown(signal: string) {
  console.log(`${signal}: cerrando Pregón…`);
  server.close(() => {
    void Promise.resolve(worker?.stop())
      .then(() => sandbox?.close())
      .then(() => db.$disconnect())
      .finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(1), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
