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
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
