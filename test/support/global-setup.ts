import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../../src/db/migrate.js';

/**
 * Applies the committed migrations once to a template SQLite file; each test file copies
 * it (test-db.ts) instead of migrating again.
 */
export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-test-'));
  const template = path.join(dir, 'template.db');
  applyMigrations(template);
  process.env.PREGON_TEST_TEMPLATE_DB = template;
  // The Google client honours HTTP(S)_PROXY: the local network servers must never go through one.
  process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
