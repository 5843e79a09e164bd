// Prisma CLI configuration. Prisma 6.19 runs here with its JavaScript engines only:
// the native engines are downloaded from a host this project's machines cannot reach.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

const here = fileURLToPath(import.meta.url);
// The CLI checks that the native engine files exist before it starts, even though with
// `engine: "js"` it never runs them; point the check at a file that exists.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= here;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= here;

const url = process.env.DATABASE_URL ?? `file:${path.join(path.dirname(here), 'data', 'pregon.db')}`;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
