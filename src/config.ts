import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ChannelSettings } from './channels/channel.js';

/** The project folder (where package.json is), whatever the working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const boolean = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');

/**
 * Every setting Pregón reads, with its default. README.md lists the same table; keep both
 * in step. Read once at start-up by `loadConfig` and passed down, never read again.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().default('file:./data/pregon.db'),
  PREGON_TIME_ZONE: z.string().default('America/Bogota'),
  PREGON_PUBLIC_URL: z.string().url().optional(),
  PREGON_SEED_PLAN: z.string().default('prisma/seed/plan-rendicion-de-cuentas.txt'),
  PREGON_LOAD_SEED: boolean.default(true),
  PREGON_MAX_UPLOAD_MB: z.coerce.number().positive().default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PREGON_MEDIA_DIR: z.string().default('data/media'),
  PREGON_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  PREGON_TRUST_PROXY: boolean.default(false),
  PREGON_SECRET: z.string().min(16, 'PREGON_SECRET debe tener al menos 16 caracteres').optional(),
  PREGON_SECRET_FILE: z.string().default('data/secret.key'),
  PREGON_ADMIN_EMAIL: z.string().email().optional(),
  PREGON_ADMIN_PASSWORD: z.string().min(10, 'PREGON_ADMIN_PASSWORD debe tener al menos 10 caracteres').optional(),
  PREGON_SANDBOX: boolean.default(false),
  PREGON_SCHEDULER: boolean.default(true),
  PREGON_JOB_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  PREGON_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5_000),
  PREGON_CHANNEL_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  PREGON_METRICS_SNAPSHOTS: z
    .string()
    .default('1h,24h,7d,30d')
    .refine((v) => parseSnapshotList(v) !== null, 'PREGON_METRICS_SNAPSHOTS debe ser una lista como 1h,24h,7d,30d (horas h o días d)'),
  PREGON_METRICS_DAILY: boolean.default(true),
  PREGON_METRICS_WINDOW_MIN: z.coerce.number().int().min(0).max(24 * 60).default(15),
  X_API_BASE_URL: z.string().url().default('https://api.x.com'),
  X_AUTHORIZE_URL: z.string().url().default('https://x.com/i/oauth2/authorize'),
  X_WEB_URL: z.string().url().default('https://x.com'),
  X_CLIENT_ID: z.string().optional(),
  X_CLIENT_SECRET: z.string().optional(),
  YOUTUBE_API_ROOT_URL: z.string().url().default('https://youtube.googleapis.com/'),
  YOUTUBE_WATCH_URL: z.string().url().default('https://www.youtube.com/watch'),
  GOOGLE_OAUTH_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_OAUTH_AUTHORIZE_URL: z.string().url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  META_GRAPH_BASE_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
  META_OAUTH_DIALOG_URL: z.string().url().default('https://www.facebook.com/v21.0/dialog/oauth'),
  META_WEB_URL: z.string().url().default('https://www.facebook.com'),
  META_APP_ID: z.string().optional(),
  META_APP_SECRET: z.string().optional(),
  META_INSIGHTS_METRICS: z.string().default('post_impressions,post_impressions_unique,post_clicks,post_reactions_by_type_total'),
});

export type MetricsSettings = {
  /** Snapshot times after publishing, in ms, ascending (default +1 h, +24 h, +7 d, +30 d). */
  snapshotsMs: number[];
  /** Also one snapshot a day between the first day and the last snapshot. */
  daily: boolean;
  /** A collection also takes the snapshots due this soon, so they share the network calls. */
  windowMs: number;
};

/** "1h,24h,7d,30d" → [3600000, 86400000, …], sorted; null when any item is not a number of hours or days. */
export function parseSnapshotList(value: string): number[] | null {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return null;
  const ms: number[] = [];
  for (const item of items) {
    const m = /^(\d+(?:\.\d+)?)\s*([hd])$/i.exec(item);
    if (!m || Number(m[1]) <= 0) return null;
    ms.push(Number(m[1]) * (m[2]!.toLowerCase() === 'd' ? 86_400_000 : 3_600_000));
  }
  return [...new Set(ms)].sort((a, b) => a - b);
}

/** +1 h, +24 h, +7 d and +30 d, daily in between, 15 minutes of coalescing: the defaults of the settings above. */
export const defaultMetricsSettings: MetricsSettings = { snapshotsMs: parseSnapshotList('1h,24h,7d,30d')!, daily: true, windowMs: 15 * 60_000 };

export type Config = {
  port: number;
  host: string;
  /** Absolute path of the SQLite file. */
  databaseFile: string;
  timeZone: string;
  publicUrl: string | undefined;
  /** Absolute path of the plan loaded into an empty database, or null to load none. */
  seedPlanFile: string | null;
  maxUploadBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where rendered and uploaded media files are kept (content-addressed). */
  mediaDir: string;
  sessionTtlMs: number;
  /** Read the client's address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  secret: string | undefined;
  secretFile: string;
  admin: { email: string; password: string } | null;
  /** Run the local X, Google and Graph servers in-process and offer sandbox accounts. Never on unless asked for. */
  sandbox: boolean;
  /** Publish scheduled pieces from this process (false: a web-only process). */
  scheduler: { enabled: boolean; leaseMs: number; retryBaseMs: number };
  /** When metrics snapshots are taken after a publication goes out (see src/metrics/snapshots.ts). */
  metrics: MetricsSettings;
  /** Where each network is; the sandbox replaces these with its local servers at start. */
  channels: ChannelSettings;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuración inválida en las variables de entorno:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!isValidTimeZone(e.PREGON_TIME_ZONE)) {
    throw new Error(`Configuración inválida: PREGON_TIME_ZONE «${e.PREGON_TIME_ZONE}» no es una zona horaria IANA.`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseFile: databaseFileFromUrl(e.DATABASE_URL),
    timeZone: e.PREGON_TIME_ZONE,
    publicUrl: e.PREGON_PUBLIC_URL,
    seedPlanFile: e.PREGON_LOAD_SEED ? path.resolve(projectRoot, e.PREGON_SEED_PLAN) : null,
    maxUploadBytes: Math.round(e.PREGON_MAX_UPLOAD_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    mediaDir: path.resolve(projectRoot, e.PREGON_MEDIA_DIR),
    sessionTtlMs: e.PREGON_SESSION_HOURS * 3_600_000,
    trustProxy: e.PREGON_TRUST_PROXY,
    secureCookies: e.PREGON_PUBLIC_URL?.startsWith('https://') ?? false,
    secret: e.PREGON_SECRET,
    secretFile: path.resolve(projectRoot, e.PREGON_SECRET_FILE),
    admin: e.PREGON_ADMIN_EMAIL && e.PREGON_ADMIN_PASSWORD ? { email: e.PREGON_ADMIN_EMAIL, password: e.PREGON_ADMIN_PASSWORD } : null,
    sandbox: e.PREGON_SANDBOX,
    scheduler: { enabled: e.PREGON_SCHEDULER, leaseMs: e.PREGON_JOB_LEASE_MS, retryBaseMs: e.PREGON_RETRY_BASE_MS },
    metrics: { snapshotsMs: parseSnapshotList(e.PREGON_METRICS_SNAPSHOTS) ?? [], daily: e.PREGON_METRICS_DAILY, windowMs: e.PREGON_METRICS_WINDOW_MIN * 60_000 },
    channels: {
      x: { apiBaseUrl: e.X_API_BASE_URL, authorizeUrl: e.X_AUTHORIZE_URL, webUrl: e.X_WEB_URL, clientId: e.X_CLIENT_ID ?? null, clientSecret: e.X_CLIENT_SECRET ?? null },
      google: {
        youtubeRootUrl: e.YOUTUBE_API_ROOT_URL,
        tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
        authorizeUrl: e.GOOGLE_OAUTH_AUTHORIZE_URL,
        watchUrl: e.YOUTUBE_WATCH_URL,
        clientId: e.GOOGLE_CLIENT_ID ?? null,
        clientSecret: e.GOOGLE_CLIENT_SECRET ?? null,
      },
      meta: {
        graphBaseUrl: e.META_GRAPH_BASE_URL.replace(/\/+$/, ''),
        dialogUrl: e.META_OAUTH_DIALOG_URL,
        webUrl: e.META_WEB_URL,
        appId: e.META_APP_ID ?? null,
        appSecret: e.META_APP_SECRET ?? null,
        insightsMetrics: e.META_INSIGHTS_METRICS.split(',').map((m) => m.trim()).filter(Boolean),
      },
      publicUrl: (e.PREGON_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
      requestTimeoutMs: e.PREGON_CHANNEL_TIMEOUT_MS,
    },
  };
}

/** `file:./data/x.db` (relative to the project folder), `file:/abs/x.db` or a bare path. */
export function databaseFileFromUrl(url: string): string {
  const withoutScheme = url.startsWith('file:') ? url.slice('file:'.length) : url;
  const filePath = withoutScheme.split('?')[0] ?? '';
  if (filePath === '') throw new Error('Configuración inválida: DATABASE_URL no indica un archivo SQLite.');
  return path.resolve(projectRoot, filePath);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
