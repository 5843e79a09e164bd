import type { Actor } from '../audit/write-audit.js';
import type { Auth } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { MediaStore } from '../media/store.js';
import type { SecretBox } from '../auth/secret-box.js';

/** What every request carries; declared once and shared by every router. */
export type AppEnv = {
  Variables: {
    db: Db;
    config: Config;
    media: MediaStore;
    /** Encrypts and decrypts secrets at rest (channel tokens). */
    secrets: SecretBox;
    requestId: string;
    /** The signed-in person (by session cookie or API token), or null. */
    auth: Auth | null;
    /** The same person as the audit trail names them. */
    actor: Actor;
  };
};
