import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { randomBytes } from 'node:crypto';
import type { ConnectedAccount } from '../channels/channel.js';

/**
 * What the local network servers (X, Google, Graph) share: a request log, fault injection,
 * issued tokens and a way to serve on a loopback port. Each fake is a Hono app that uses a
 * FakeKit; tests drive it in-process (`kit.addFault`) or over HTTP (`/_fake/*`) when Pregón
 * runs as a child process.
 */

export type FaultKind =
  /** 429 with the network's rate-limit answer; `resetInSeconds` (default 60) sets the reset time. */
  | 'rate_limit'
  /** 500 before anything is stored. */
  | 'server_error'
  /** Waits `delayMs` (default 2,000) before handling the request normally. */
  | 'slow'
  /** Handles the request (the post is stored) and then never answers: the client times out. */
  | 'timeout_after_store'
  /** 401 as for an expired token, whatever token came. */
  | 'expired_token';

export type Fault = {
  kind: FaultKind;
  /** `METHOD /path` prefix the fault applies to, e.g. `POST /2/tweets`; absent: any request except token and `/_fake` ones. */
  match?: string;
  /** How many matching requests it affects (default 1). */
  times?: number;
  /** How many matching requests pass untouched before it applies (default 0): "the third post fails". */
  after?: number;
  delayMs?: number;
  resetInSeconds?: number;
};

export type LoggedRequest = {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  fault: FaultKind | null;
  authorization: string | null;
};

export type IssuedToken = { accessToken: string; refreshToken: string; expiresAt: Date; accountId: string; scope: string };

/** How one network shapes its errors and rate-limit answers. */
export type FakeDialect = {
  name: string;
  errorBody(status: number, kind: 'rate_limit' | 'server_error' | 'expired_token' | 'not_found' | 'bad_request' | 'forbidden', message?: string): unknown;
  /** Statuses that differ from 429 / 500 / 401 (Graph answers 400 with an error code for both limits and expired tokens). */
  status?: Partial<Record<'rate_limit' | 'server_error' | 'expired_token', number>>;
  rateLimitHeaders?(resetEpochSeconds: number): Record<string, string>;
  /** Requests faults never touch unless their `match` names them (e.g. the token endpoint). */
  exempt?(method: string, path: string): boolean;
};

export class FakeKit {
  readonly log: LoggedRequest[] = [];
  private faults: (Fault & { left: number; toSkip: number })[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();
  /** Set by tests to move the fake's clock (token expiry, metrics growth). */
  now: () => Date = () => new Date();
  /** Answers withheld by `timeout_after_store`; released on `close` so servers can stop. */
  private readonly held = new Set<() => void>();

  constructor(readonly dialect: FakeDialect) {}

  addFault(fault: Fault) {
    this.faults.push({ ...fault, left: fault.times ?? 1, toSkip: fault.after ?? 0 });
  }

  clearFaults() {
    this.faults = [];
  }

  requests(method: string, pathPrefix: string) {
    return this.log.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  // ---------------------------------------------------------------- tokens

  issueToken(accountId: string, { ttlSeconds = 7200, scope = '' }: { ttlSeconds?: number; scope?: string } = {}): IssuedToken {
    const token: IssuedToken = {
      accessToken: `${this.dialect.name}-at-${randomBytes(12).toString('hex')}`,
      refreshToken: `${this.dialect.name}-rt-${randomBytes(12).toString('hex')}`,
      expiresAt: new Date(this.now().getTime() + ttlSeconds * 1000),
      accountId,
      scope,
    };
    this.tokens.set(token.accessToken, token);
    this.refreshTokens.set(token.refreshToken, token);
    return token;
  }

  /** The account a bearer token belongs to, or null when it is unknown or expired. */
  accountFor(authorization: string | null | undefined): string | null {
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? '';
    const found = this.tokens.get(token);
    if (!found || found.expiresAt <= this.now()) return null;
    return found.accountId;
  }

  /** Exchanges a refresh token. `rotate` gives a new refresh token (X does; Google does not). */
  refresh(refreshToken: string, { rotate, ttlSeconds = 7200 }: { rotate: boolean; ttlSeconds?: number }): IssuedToken | null {
    const old = this.refreshTokens.get(refreshToken);
    if (!old) return null;
    const next = this.issueToken(old.accountId, { ttlSeconds, scope: old.scope });
    this.refreshTokens.delete(next.refreshToken);
    if (rotate) {
      this.refreshTokens.delete(refreshToken);
      this.refreshTokens.set(next.refreshToken, next);
    } else {
      next.refreshToken = refreshToken;
    }
    return next;
  }

  /** Makes a token expire now (the expired-token case without waiting). */
  expire(accessToken: string) {
    const t = this.tokens.get(accessToken);
    if (t) t.expiresAt = new Date(0);
  }

  revokeRefreshToken(refreshToken: string) {
    this.refreshTokens.delete(refreshToken);
  }

  // ---------------------------------------------------------------- HTTP

  /** Logs every request and applies the first matching fault. Mount it first. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const url = new URL(c.req.url);
      const entry: LoggedRequest = {
        at: this.now().toISOString(),
        method: c.req.method,
        path: url.pathname,
        query: url.search,
        status: 0,
        fault: null,
        authorization: c.req.header('authorization') ?? null,
      };
      if (url.pathname.startsWith('/_fake/')) return next();
      this.log.push(entry);
      const fault = this.takeFault(c.req.method, url.pathname);
      entry.fault = fault?.kind ?? null;
      if (fault) {
        const answered = await this.applyFault(c, fault, next);
        entry.status = c.res.status;
        if (answered) return answered;
        return;
      }
      await next();
      entry.status = c.res.status;
    };
  }

  private takeFault(method: string, path: string): Fault | null {
    const key = `${method} ${path}`;
    const exempt = this.dialect.exempt?.(method, path) ?? false;
    const found = this.faults.find((f) => f.left > 0 && (f.match ? key.startsWith(f.match) : !exempt));
    if (!found) return null;
    if (found.toSkip > 0) {
      found.toSkip -= 1;
      return null;
    }
    found.left -= 1;
    this.faults = this.faults.filter((f) => f.left > 0);
    return found;
  }

  private async applyFault(c: Context, fault: Fault, next: () => Promise<void>): Promise<Response | undefined> {
    const d = this.dialect;
    switch (fault.kind) {
      case 'rate_limit': {
        const reset = Math.ceil(this.now().getTime() / 1000) + (fault.resetInSeconds ?? 60);
        const status = d.status?.rate_limit ?? 429;
        return c.json(d.errorBody(status, 'rate_limit'), status as 429, d.rateLimitHeaders?.(reset) ?? {});
      }
      case 'server_error': {
        const status = d.status?.server_error ?? 500;
        return c.json(d.errorBody(status, 'server_error'), status as 500);
      }
      case 'expired_token': {
        const status = d.status?.expired_token ?? 401;
        return c.json(d.errorBody(status, 'expired_token'), status as 401);
      }
      case 'slow':
        await sleep(fault.delayMs ?? 2000);
        await next();
        return undefined;
      case 'timeout_after_store': {
        await next(); // the post is stored…
        await new Promise<void>((resolve) => {
          // …and the answer never comes (until the fake closes or `delayMs` passes).
          const release = () => resolve();
          this.held.add(release);
          setTimeout(release, fault.delayMs ?? 60_000).unref();
        });
        return undefined;
      }
    }
  }

  /** `/_fake/faults` (POST a Fault, DELETE all), `/_fake/log`, for tests that drive a child process. */
  adminRoutes(): Hono {
    const admin = new Hono();
    admin.post('/_fake/faults', async (c) => {
      const body = (await c.req.json()) as Fault | Fault[];
      for (const f of Array.isArray(body) ? body : [body]) this.addFault(f);
      return c.json({ ok: true });
    });
    admin.delete('/_fake/faults', (c) => {
      this.clearFaults();
      return c.json({ ok: true });
    });
    admin.get('/_fake/log', (c) => c.json(this.log));
    return admin;
  }

  releaseHeld() {
    for (const release of this.held) release();
    this.held.clear();
  }
}

export function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

export type ServedFake = { url: string; close(): Promise<void> };

/** Serves a fake on 127.0.0.1 and an ephemeral port. */
export async function serveFake(app: Hono, kit?: FakeKit): Promise<ServedFake> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            kit?.releaseHeld();
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

/** Where the last snowflake was made: its millisecond and its sequence number within it. */
let lastSnowflake = { ms: 0, sequence: 0 };

/**
 * A numeric id like the networks' (X and Graph use 19-digit snowflakes): the time in the high
 * bits and, as in X's scheme, a sequence within the millisecond in the low 22 bits, so ids made
 * in a tight loop never repeat (a random low part collided a few times in a hundred for 500 ids).
 * Ids still grow with time, as the networks' do.
 */
export function snowflake(): string {
  const now = Date.now();
  lastSnowflake = now > lastSnowflake.ms ? { ms: now, sequence: 0 } : { ms: lastSnowflake.ms, sequence: lastSnowflake.sequence + 1 };
  if (lastSnowflake.sequence >= 4194304) lastSnowflake = { ms: lastSnowflake.ms + 1, sequence: 0 };
  return (BigInt(lastSnowflake.ms) * 4194304n + BigInt(lastSnowflake.sequence)).toString();
}

/**
 * What every fake network module exports (`createFakeX`, `createFakeGoogle`, `createFakeGraph`):
 * the app to serve, its kit, and a way to make an account on it (a user, a channel, a page)
 * with fresh tokens, as sandbox mode and tests need.
 */
export type FakeNetwork = {
  app: Hono;
  kit: FakeKit;
  createAccount(name: string): ConnectedAccount;
};
