import { ChannelError, channelMessages, kindOfNetworkError, kindOfStatus, type ChannelErrorKind, type ChannelSettings } from '../channel.js';

/**
 * A small typed wrapper over the Graph API with Node's `fetch`: one request, a timeout, and
 * every failure translated into a `ChannelError`.
 *
 * The token goes in the `Authorization: Bearer` header rather than the `access_token`
 * parameter (Graph accepts both): it keeps tokens out of URLs, which end up in proxy and
 * server logs and in error messages that quote the address.
 */

const NETWORK = 'Facebook';

/** Graph's error body: `{ error: { message, type, code, error_subcode, fbtrace_id } }`. */
export type GraphErrorBody = {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
};

export type GraphRequest = {
  method: 'GET' | 'POST' | 'DELETE';
  /** After the versioned base, e.g. `/123/feed`, or `/` for the multi-id read. */
  path: string;
  query?: Record<string, string>;
  body?: URLSearchParams | FormData;
  /** A page or user token; absent for the OAuth code exchange (the app secret goes in `query`). */
  token?: string;
};

export type GraphOutcome<T> = { ok: true; body: T } | { ok: false; error: GraphErrorBody | null; failure: ChannelError };

/** One Graph call that throws a `ChannelError` on any failure. */
export async function graph<T>(settings: ChannelSettings, request: GraphRequest): Promise<T> {
  const outcome = await tryGraph<T>(settings, request);
  if (!outcome.ok) throw outcome.failure;
  return outcome.body;
}

/**
 * One Graph call that returns Graph's own error next to the translated failure, for callers
 * that can recover from some errors (an unknown metric, a deleted post). Network failures
 * still throw: nothing can be recovered from them.
 */
export async function tryGraph<T>(settings: ChannelSettings, request: GraphRequest): Promise<GraphOutcome<T>> {
  const url = new URL(`${settings.meta.graphBaseUrl}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.token ? { authorization: `Bearer ${request.token}` } : {},
      body: request.body,
      signal: AbortSignal.timeout(settings.requestTimeoutMs),
    });
    body = parseJson(await response.text());
  } catch (error) {
    throw networkFailure(error, request.method);
  }
  // Graph may answer 200 with an error body (batch-style reads), so the body decides, not only the status.
  const error = graphErrorOf(body);
  if (response.ok && !error) return { ok: true, body: body as T };
  return { ok: false, error, failure: graphFailure(response.status, error, response.headers) };
}

/** The requested ids Graph says do not exist (803 "aliases … do not exist", or 100/33 "Object with ID … does not exist"). */
export function missingIds(error: GraphErrorBody | null, ids: string[]): string[] {
  const isMissing = error?.code === 803 || (error?.code === 100 && error.error_subcode === 33);
  return isMissing ? ids.filter((id) => error?.message?.includes(id)) : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function graphErrorOf(body: unknown): GraphErrorBody | null {
  const error = (body as { error?: unknown } | null)?.error;
  return error && typeof error === 'object' ? (error as GraphErrorBody) : null;
}

function networkFailure(error: unknown, method: GraphRequest['method']): ChannelError {
  if (kindOfNetworkError(error) === 'transient') return new ChannelError('transient', channelMessages.unreachable(NETWORK), { cause: error });
  // A read that timed out changed nothing on Facebook: it can simply be retried.
  if (method === 'GET') return new ChannelError('transient', `${NETWORK} no respondió a tiempo a una consulta; no se cambió nada.`, { cause: error });
  return new ChannelError('unknown_outcome', channelMessages.timeout(NETWORK), { cause: error });
}

/** Graph's token errors: 190 (invalid or expired token) and 102 (session). */
const AUTH_CODES = new Set([102, 190]);
/** App (4), user (17), page (32), "calls within one hour" (613) and business-use-case (80000–80014) limits. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** Unknown error (1) and service temporarily unavailable (2). */
const TRANSIENT_CODES = new Set([1, 2]);

function kindOfGraphError(status: number, error: GraphErrorBody | null): ChannelErrorKind {
  const code = error?.code;
  if (code === undefined) return kindOfStatus(status);
  if (AUTH_CODES.has(code)) return 'auth';
  if (RATE_LIMIT_CODES.has(code) || (code >= 80_000 && code <= 80_014)) return 'rate_limited';
  if (TRANSIENT_CODES.has(code) || error?.is_transient === true || status >= 500) return 'transient';
  return status === 401 ? 'auth' : 'rejected';
}

function graphFailure(status: number, error: GraphErrorBody | null, headers: Headers, now = new Date()): ChannelError {
  const kind = kindOfGraphError(status, error);
  const reason = error ? `${error.code ?? '?'}${error.error_subcode ? `/${error.error_subcode}` : ''} ${error.message ?? ''}`.trim() : `HTTP ${status}`;
  const options = { status, reason };
  switch (kind) {
    case 'auth':
      return new ChannelError('auth', `${channelMessages.expired(NETWORK)} Vuelva a conectar la página.`, options);
    case 'rate_limited': {
      const retryAt = regainAccessAt(headers, now);
      return new ChannelError('rate_limited', channelMessages.rateLimited(NETWORK, retryAt), { ...options, retryAt });
    }
    case 'transient':
      return new ChannelError(
        'transient',
        status >= 500 ? channelMessages.serverError(NETWORK, status) : `${NETWORK} informó un error temporal; no aceptó la solicitud y puede reintentarse.`,
        options,
      );
    default:
      return new ChannelError(kind, rejectionMessage(error), options);
  }
}

function rejectionMessage(error: GraphErrorBody | null): string {
  const detail = error?.message ? ` (${error.message})` : '';
  const code = error?.code ?? 0;
  if (code === 506) return `${NETWORK} rechazó la publicación por ser idéntica a una reciente de la misma página.`;
  if (code === 368) return `${NETWORK} bloqueó temporalmente la publicación por considerarla abusiva o contraria a sus normas${detail}.`;
  if (code === 10 || (code >= 200 && code <= 299)) return `${NETWORK} no concede el permiso necesario${detail}. Vuelva a conectar la página aceptando todos los permisos.`;
  if (code === 100) return `${NETWORK} rechazó un dato de la solicitud${detail}.`;
  return `${NETWORK} rechazó la solicitud${detail}.`;
}

/** Without a usage header telling when access comes back, wait an hour (Graph's longest window for page calls). */
const DEFAULT_WAIT_MINUTES = 60;

/**
 * When Graph will accept calls again: the largest `estimated_time_to_regain_access` (minutes)
 * in `x-business-use-case-usage` (`{"<id>": [{type, call_count, …, estimated_time_to_regain_access}]}`)
 * or in `x-page-usage` / `x-app-usage`.
 */
export function regainAccessAt(headers: Headers, now = new Date()): Date {
  const entries = [
    ...Object.values(parseUsage(headers.get('x-business-use-case-usage')) ?? {}).flat(),
    parseUsage(headers.get('x-page-usage')),
    parseUsage(headers.get('x-app-usage')),
  ];
  const minutes = Math.max(0, ...entries.map((e) => Number((e as { estimated_time_to_regain_access?: unknown } | null)?.estimated_time_to_regain_access) || 0));
  return new Date(now.getTime() + (minutes > 0 ? minutes : DEFAULT_WAIT_MINUTES) * 60_000);
}

function parseUsage(header: string | null): Record<string, unknown> | null {
  const parsed = header ? parseJson(header) : null;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
}
