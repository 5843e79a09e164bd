import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ChannelError, channelMessages, kindOfNetworkError, kindOfStatus } from '../channel.js';

const X = 'X';

/**
 * Whether the failed call could have changed something on X. A write that times out may
 * have happened (`unknown_outcome`); a read that times out changed nothing and can be retried.
 */
export type CallKind = 'write' | 'read';

/** Any failure of a twitter-api-v2 call as a ChannelError; other errors (bugs) pass unchanged. */
export function toChannelError(error: unknown, call: CallKind): unknown {
  if (error instanceof ChannelError) return error;
  if (error instanceof ApiResponseError) return fromResponse(error);
  if (error instanceof ApiRequestError) return fromNoResponse(error, socketErrorOf(error), call);
  // The answer started and was cut: X did receive the request.
  if (error instanceof ApiPartialResponseError) return fromNoResponse(error, error.responseError, call);
  return error;
}

/** The problem X sent (`{title, detail, type, status}`), or its OAuth error (`{error, error_description}`). */
function xReason(error: ApiResponseError): string | null {
  const data = error.data as { detail?: unknown; title?: unknown; error?: unknown; error_description?: unknown } | undefined;
  const reason = data?.detail ?? data?.error_description ?? data?.title ?? data?.error;
  return typeof reason === 'string' ? reason : null;
}

function fromResponse(error: ApiResponseError): ChannelError {
  const status = error.code;
  const reason = xReason(error);
  const options = { status, reason, cause: error };
  switch (kindOfStatus(status)) {
    case 'rate_limited': {
      const retryAt = resetOf(error);
      return new ChannelError('rate_limited', channelMessages.rateLimited(X, retryAt), { ...options, retryAt });
    }
    case 'auth':
      return new ChannelError('auth', channelMessages.expired(X), options);
    case 'transient':
      return new ChannelError('transient', channelMessages.serverError(X, status), options);
    default:
      return new ChannelError('rejected', rejectionMessage(status, reason), options);
  }
}

function rejectionMessage(status: number, reason: string | null): string {
  if (reason?.includes('duplicate content')) {
    return 'X rechazó el post porque su texto es idéntico a otro publicado hace poco por la cuenta; cambie el texto antes de publicar.';
  }
  if (reason?.includes('text is too long')) {
    return 'X rechazó el post por largo: supera los 280 caracteres según su conteo.';
  }
  if (reason?.includes('media IDs are invalid')) {
    return 'X no reconoció las imágenes subidas (pueden haber vencido); vuelva a publicar para subirlas de nuevo.';
  }
  if (status === 403) {
    return `X no permite esta acción a la cuenta o a la aplicación (HTTP 403)${reason ? `: «${reason}»` : ''}.`;
  }
  return `X rechazó la solicitud (HTTP ${status})${reason ? `: «${reason}»` : ''}.`;
}

/** X's reset is in epoch seconds, in `x-rate-limit-reset` (the library parses it into `rateLimit`). */
function resetOf(error: ApiResponseError): Date | null {
  const header = error.headers?.['x-rate-limit-reset'];
  const seconds = error.rateLimit?.reset ?? (typeof header === 'string' ? Number(header) : NaN);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null;
}

/**
 * twitter-api-v2 1.29.1 keeps the socket error in `_options.error`, but its `requestError`
 * getter reads `_options.requestError`, which is never set.
 */
function socketErrorOf(error: ApiRequestError): Error {
  const kept = (error as unknown as { _options?: { error?: unknown } })._options?.error;
  return error.requestError ?? (kept instanceof Error ? kept : error);
}

function fromNoResponse(error: Error, cause: Error, call: CallKind): ChannelError {
  // The library's own timeout is a plain "Request timeout." error without a code: unknown_outcome.
  if (kindOfNetworkError(cause) === 'transient') return new ChannelError('transient', channelMessages.unreachable(X), { cause: error, reason: cause.message });
  if (call === 'read') {
    return new ChannelError('transient', 'X no respondió a tiempo a una consulta; no se cambió nada y se puede reintentar.', { cause: error, reason: cause.message });
  }
  return new ChannelError('unknown_outcome', channelMessages.timeout(X), { cause: error, reason: cause.message });
}

/**
 * Failures of the token endpoint: X answers 400 `invalid_request` / `invalid_grant` when the
 * refresh token or the authorization code is no longer valid, and 401 when the app's own
 * credentials are wrong. Either way the account must be connected again.
 */
export function tokenError(error: unknown): unknown {
  if (error instanceof ApiResponseError && (error.code === 400 || error.code === 401)) {
    const data = error.data as { error?: unknown } | undefined;
    const reason = xReason(error);
    if (error.code === 401 || data?.error === 'unauthorized_client') {
      return new ChannelError('auth', 'X rechazó las credenciales de la aplicación (X_CLIENT_ID / X_CLIENT_SECRET); revise la configuración.', {
        status: error.code,
        reason,
        cause: error,
      });
    }
    if (data?.error === 'invalid_request' || data?.error === 'invalid_grant') {
      return new ChannelError('auth', 'X ya no acepta la autorización de esta cuenta (vencida o revocada); vuelva a conectarla.', {
        status: error.code,
        reason,
        cause: error,
      });
    }
  }
  return toChannelError(error, 'write');
}
