import type { Network, PieceKind } from '../generated/prisma/client.js';

/**
 * The one interface every network implements. A network lives in one folder
 * (`src/channels/<network>/`) that exports a `Channel`; `registry.ts` lists them.
 *
 * Channels are stateless: they get settings and credentials on every call, talk to the
 * network through its client library, and translate every failure into a `ChannelError`.
 * They never touch the database; `publish-piece.ts` records what they return, refreshes
 * tokens and decides what a failure means for the publication.
 */
export interface Channel {
  readonly network: Network;
  /** The network's name as the office knows it ("X", "YouTube"…). */
  readonly label: string;
  /** The website publishes without an account; every other network needs one. */
  readonly needsAccount: boolean;
  /** Checks a variant against the network's rules without sending anything. Pure and fast: the editor calls it on every keystroke. */
  check(variant: CheckInput): CheckResult;
  publish(ctx: PublishContext, variant: OutgoingVariant): Promise<PublishResult>;
  /** Deletes a published post (all of its parts, for a thread). */
  remove(ctx: AccountContext, published: PublishedRef): Promise<void>;
  /**
   * Numbers for many publications in as few requests as the network allows. Missing posts are
   * absent from the map. A list whose ids fit in `metricsBatch.maxIds` takes exactly one request
   * (the collector packs publications that way, so it can save each answer before the next call).
   */
  fetchMetrics(ctx: AccountContext, published: PublishedRef[]): Promise<Map<string, RemoteMetrics>>;
  /** How many ids one metrics request takes, and how many ids a publication needs (a thread: one per part). */
  readonly metricsBatch: { maxIds: number; idsOf(published: PublishedRef): string[] };
  /**
   * After an attempt whose outcome is unknown (a timeout after sending, a crash while
   * "publishing"): asks the network whether the post exists, comparing text or title within
   * the time since the attempt started. Absent for the website, whose publishing cannot be lost.
   */
  reconcile?(ctx: AccountContext, variant: OutgoingVariant, attempt: { startedAt: Date; progress: unknown }): Promise<ReconcileResult>;
  /** OAuth 2.0 in the browser; absent for the website. */
  readonly oauth?: OAuthFlow;
  /** Gets a new access token; throws `ChannelError('auth')` when the account must be reconnected. */
  refresh(settings: ChannelSettings, credentials: Credentials): Promise<TokenSet>;
}

// ---------------------------------------------------------------- settings

/** Where each network's API is (every base URL is a setting, so tests and sandbox can use local servers). */
export type ChannelSettings = {
  x: { apiBaseUrl: string; authorizeUrl: string; webUrl: string; clientId: string | null; clientSecret: string | null };
  google: { youtubeRootUrl: string; tokenUrl: string; authorizeUrl: string; watchUrl: string; clientId: string | null; clientSecret: string | null };
  meta: { graphBaseUrl: string; dialogUrl: string; webUrl: string; appId: string | null; appSecret: string | null; insightsMetrics: string[] };
  /** Pregón's own public address: the website channel's pages and the OAuth callbacks. */
  publicUrl: string;
  /** How long one request to a network may take before its outcome is unknown. */
  requestTimeoutMs: number;
};

// ---------------------------------------------------------------- accounts and tokens

export type Credentials = {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  remoteAccountId: string | null;
};

export type TokenSet = {
  accessToken: string;
  /** Absent or null: the network did not send a new one, keep the stored one. */
  refreshToken?: string | null;
  expiresAt: Date | null;
  scope?: string | null;
};

/** An account found at the end of an OAuth flow (Meta gives one per page the user manages). */
export type ConnectedAccount = TokenSet & { label: string; remoteAccountId: string };

export type OAuthFlow = {
  /** The address to send the browser to. `codeVerifier` (PKCE) must be kept until the callback. */
  start(settings: ChannelSettings, args: { state: string; redirectUri: string }): { url: string; codeVerifier: string | null };
  finish(settings: ChannelSettings, args: { code: string; redirectUri: string; codeVerifier: string | null }): Promise<ConnectedAccount[]>;
};

export type AccountRef = { id: string; label: string; remoteAccountId: string | null; sandbox: boolean };

export type AccountContext = { settings: ChannelSettings; credentials: Credentials; account: AccountRef };

// ---------------------------------------------------------------- what goes out

/** Per-network options of a variant, stored as JSON in PieceVariant.options. */
export type VariantOptions = {
  /** X: publish a text longer than one post as a numbered thread. */
  thread?: boolean;
  /** YouTube: upload the variant's video, or schedule the live broadcast of the piece's event. */
  youtubeMode?: 'video' | 'live';
  privacy?: 'public' | 'unlisted' | 'private';
  tags?: string[];
  /** YouTube: the video stays private until this instant (ISO 8601), then YouTube makes it public. */
  publishAt?: string | null;
  categoryId?: string;
  /** YouTube live: the event (usually the public hearing) the broadcast is for. */
  eventId?: string;
  /** Every network: links go out as Pregón's short links (`/l/:code`, UTM added, clicks counted). Absent means false. */
  trackLinks?: boolean;
};

export type MediaFacts = {
  kind: 'image' | 'video' | 'document' | 'audio';
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  altText: string;
};

/** What `check` needs: the variant as the editor has it. */
export type CheckInput = {
  title: string | null;
  text: string;
  link: string | null;
  options: VariantOptions;
  media: MediaFacts[];
  /** YouTube live: the event the broadcast is for, if the piece has one. */
  event?: { startsAt: Date } | null;
  now?: Date;
};

export type RuleIssue = {
  field: 'title' | 'text' | 'link' | 'media' | 'options' | 'event';
  code: string;
  /** In Spanish, for the office. */
  message: string;
  severity: 'error' | 'warning';
};

export type Counter = { field: 'title' | 'text'; label: string; used: number; limit: number };

export type CheckResult = {
  issues: RuleIssue[];
  counters: Counter[];
  /** X: the posts a thread would be split into, as they will go out. */
  parts?: string[];
};

export type OutgoingMedia = MediaFacts & { id: string; read(): Promise<Buffer> };

/** The approved version of a piece's variant, ready to send. */
export type OutgoingVariant = {
  pieceId: string;
  pieceKind: PieceKind;
  pieceTitle: string;
  pieceBody: string;
  title: string | null;
  text: string;
  link: string | null;
  options: VariantOptions;
  media: OutgoingMedia[];
  event: { id: string; title: string; description: string | null; startsAt: Date; endsAt: Date | null } | null;
};

export type PublishContext = AccountContext & {
  /** What an interrupted earlier attempt saved with `saveProgress` (the posts of a thread already out…), or null. */
  progress: unknown;
  /** Stores partial results before the next network call, so a retry continues instead of posting twice. */
  saveProgress(state: unknown): Promise<void>;
};

export type PublishResult = {
  remoteId: string;
  url: string;
  publishedAt: Date;
  /** The network's answer, kept on the publication as JSON. */
  raw: unknown;
  /** YouTube live: what the event keeps so announcements can link to the stream. */
  live?: { broadcastId: string; liveStreamId: string; watchUrl: string; streamKey: string; ingestionAddress: string };
};

/** A post already out: its id, the network's answer when it was published, and when (if known). */
export type PublishedRef = { remoteId: string; raw: unknown; publishedAt?: Date | null };

export type ReconcileResult =
  /** The post is there (all of it, for a thread): record it as published. */
  | { state: 'published'; result: PublishResult }
  /** Not there, or only partly (the parts found are in `progress`): publishing again is safe and continues from `progress`. */
  | { state: 'absent'; progress: unknown }
  /** The network could not tell (it failed to answer): a person decides. */
  | { state: 'unknown'; reason: string };

export type RemoteMetrics = {
  impressions?: number;
  views?: number;
  likes?: number;
  shares?: number;
  replies?: number;
  quotes?: number;
  saves?: number;
  linkClicks?: number;
  watchSeconds?: number;
  raw: unknown;
};

// ---------------------------------------------------------------- failures

/**
 * How a network call failed, which decides what happens next:
 * - `rejected`: the network refused the content or the request (4xx). Do not retry.
 * - `rate_limited`: 429 or the network's equivalent. Pause the account until `retryAt`.
 * - `auth`: the token is expired or revoked. Refresh once, else the account needs reconnecting.
 * - `transient`: 5xx or no connection, before the network accepted anything. Safe to retry.
 * - `unknown_outcome`: the request went out and no answer came (timeout, reset). The post
 *   may exist: never retry blindly, reconcile first.
 */
export type ChannelErrorKind = 'rejected' | 'rate_limited' | 'auth' | 'transient' | 'unknown_outcome';

export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  readonly retryAt: Date | null;
  readonly status: number | null;
  /** The network's own code or reason, untranslated, for the record. */
  readonly reason: string | null;

  constructor(kind: ChannelErrorKind, message: string, options: { retryAt?: Date | null; status?: number | null; reason?: string | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.kind = kind;
    this.retryAt = options.retryAt ?? null;
    this.status = options.status ?? null;
    this.reason = options.reason ?? null;
  }
}

/** The usual meaning of an HTTP status from a network; channels refine it with the body. */
export function kindOfStatus(status: number): ChannelErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'auth';
  if (status >= 500) return 'transient';
  return 'rejected';
}

/**
 * A Node/undici network error without an HTTP answer. A refused or unresolvable connection
 * never reached the network (`transient`); a timeout or reset after sending may have.
 */
export function kindOfNetworkError(error: unknown): ChannelErrorKind {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') return 'transient';
  return 'unknown_outcome';
}

/** Errors every channel reports the same way, in Spanish. */
export const channelMessages = {
  timeout: (network: string) => `${network} no respondió a tiempo; la publicación pudo quedar hecha. Verifique antes de reintentar.`,
  unreachable: (network: string) => `No fue posible conectarse con ${network}; no se envió nada.`,
  serverError: (network: string, status: number) => `${network} tuvo un error interno (HTTP ${status}); no aceptó la publicación.`,
  rateLimited: (network: string, retryAt: Date | null) =>
    retryAt ? `${network} pide esperar hasta ${retryAt.toISOString()} por límite de uso.` : `${network} pide esperar por límite de uso.`,
  expired: (network: string) => `El token de ${network} venció o fue revocado.`,
} as const;
