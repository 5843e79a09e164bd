import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** How long a connection waits for another process's write to finish before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * One Prisma client on one SQLite file, through the better-sqlite3 driver adapter.
 *
 * In WAL mode, `synchronous = NORMAL` makes commits durable against a crash of the process
 * (kill -9 included); only a power cut may lose the last commits, never corrupt the file.
 *
 * The adapter opens transactions with a plain (deferred) BEGIN. When two processes share the
 * file (two Pregón instances, the scheduler's two-process test), a deferred transaction that
 * reads and then writes cannot wait for the other writer: SQLite answers SQLITE_BUSY at once.
 * Starting every transaction as BEGIN IMMEDIATE takes the write lock first, so the busy
 * timeout applies and the second process simply waits its turn.
 */
export function createDb(databaseFile: string): Db {
  const factory = new PrismaBetterSQLite3({ url: `file:${databaseFile}`, timeout: BUSY_TIMEOUT_MS });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown; pragma(p: string): unknown } }).client;
    client.pragma('synchronous = NORMAL');
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
    return adapter;
  };
  return new PrismaClient({ adapter: factory });
}
