import type { Config } from '../config.js';
import type { Db } from '../db/client.js';

/** What every request carries; declared once and shared by every router. */
export type AppEnv = {
  Variables: {
    db: Db;
    config: Config;
    requestId: string;
  };
};
