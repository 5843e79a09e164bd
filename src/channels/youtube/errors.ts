import { todayIn } from '../../lib/dates.js';
import { ChannelError, channelMessages, kindOfNetworkError } from '../channel.js';

export const YOUTUBE = 'YouTube';

/**
 * Whether the failed call could have changed something on YouTube. A write that times out may
 * have happened (`unknown_outcome`); a read that times out changed nothing and can be retried.
 */
export type CallKind = 'write' | 'read';

/** A failure that came with an HTTP answer: Google's `{error: {errors: [{reason}]}}` or OAuth's `{error, error_description}`. */
type HttpFailure = { status: number; reason: string | null; retryAfter: string | null };

/**
 * The answer on a gaxios error. Read by shape, not `instanceof`: the Google client uses its own
 * nested copy of gaxios, whose GaxiosError class this project cannot import.
 */
function httpFailureOf(error: unknown): HttpFailure | null {
  const response = (error as { response?: { status?: unknown; data?: unknown; headers?: { get?: (name: string) => string | null } } } | null)?.response;
  if (!response || typeof response.status !== 'number') return null;
  const data = response.data as { error?: string | { errors?: { reason?: unknown }[] } } | undefined;
  const reason = typeof data?.error === 'string' ? data.error : data?.error?.errors?.[0]?.reason;
  return { status: response.status, reason: typeof reason === 'string' ? reason : null, retryAfter: response.headers?.get?.('retry-after') ?? null };
}

/** A request that got no answer carries its request `config`; errors of our own code do not. */
function isRequestFailure(error: unknown): error is Error {
  return error instanceof Error && 'config' in error;
}

/** Any failure of a Google client call as a ChannelError; other errors (bugs) pass unchanged. */
export function toChannelError(error: unknown, call: CallKind, now: Date = new Date()): unknown {
  if (error instanceof ChannelError) return error;
  const failure = httpFailureOf(error);
  if (failure) return fromResponse(failure, error, now);
  if (isRequestFailure(error)) return fromNoResponse(error, call);
  return error;
}

/** Per-user request rate limits (403 in the Data API, 429 in newer Google APIs). */
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'userRequestsExceedRateLimit']);

function fromResponse({ status, reason, retryAfter }: HttpFailure, cause: unknown, now: Date): ChannelError {
  const options = { status, reason, cause };
  if (status === 401) return new ChannelError('auth', channelMessages.expired(YOUTUBE), options);
  if (reason === 'quotaExceeded') {
    // The project's daily quota: YouTube resets it at midnight Pacific time.
    const retryAt = nextPacificMidnight(now);
    return new ChannelError('rate_limited', `Se agotó la cuota diaria de la API de YouTube; se renueva a medianoche, hora del Pacífico. ${channelMessages.rateLimited(YOUTUBE, retryAt)}`, { ...options, retryAt });
  }
  if (status === 429 || (reason !== null && RATE_REASONS.has(reason))) {
    // Google sends no reset time; Retry-After when present, else a minute.
    const retryAt = retryAfterDate(retryAfter, now) ?? new Date(now.getTime() + 60_000);
    return new ChannelError('rate_limited', channelMessages.rateLimited(YOUTUBE, retryAt), { ...options, retryAt });
  }
  if (reason === 'uploadLimitExceeded') {
    // The channel's own cap on uploads per day; YouTube does not say when it lifts.
    const retryAt = new Date(now.getTime() + 24 * 3_600_000);
    return new ChannelError('rate_limited', `El canal llegó al máximo de videos que YouTube le deja subir por día. ${channelMessages.rateLimited(YOUTUBE, retryAt)}`, { ...options, retryAt });
  }
  if (status === 403 && reason === 'insufficientPermissions') {
    return new ChannelError('auth', 'La autorización de YouTube no incluye los permisos necesarios; vuelva a conectar la cuenta aceptando todos los permisos.', options);
  }
  if (status >= 500) return new ChannelError('transient', channelMessages.serverError(YOUTUBE, status), options);
  return new ChannelError('rejected', rejectionMessage(status, reason), options);
}

const rejections: Record<string, string> = {
  invalidTitle: 'YouTube rechazó el título: es obligatorio, de máximo 100 caracteres y sin los signos < ni >.',
  titleRequired: 'YouTube rechazó la solicitud porque falta el título.',
  invalidDescription: 'YouTube rechazó la descripción: máximo 5.000 bytes y sin los signos < ni >.',
  invalidTags: 'YouTube rechazó las etiquetas: máximo 500 caracteres en total y sin los signos < ni >.',
  invalidCategoryId: 'YouTube no acepta la categoría indicada para el video.',
  invalidPublishAt: 'YouTube rechazó la fecha de publicación programada: debe ser futura.',
  invalidScheduledStartTime: 'YouTube rechazó la hora de inicio de la transmisión: debe ser futura.',
  scheduledStartTimeRequired: 'YouTube exige la hora de inicio de la transmisión.',
  mediaBodyRequired: 'YouTube no recibió el contenido del archivo.',
  badContent: 'YouTube no admite el formato del archivo enviado.',
  invalidImage: 'YouTube no pudo leer la imagen de la miniatura (debe ser JPEG o PNG).',
  liveStreamingNotEnabled: 'El canal no tiene habilitadas las transmisiones en vivo; actívelas en YouTube Studio (la activación puede tardar 24 horas).',
  livePermissionBlocked: 'YouTube no permite por ahora transmisiones en vivo en este canal; revise su estado en YouTube Studio.',
  insufficientLivePermissions: 'La cuenta conectada no tiene permiso para transmitir en vivo en este canal.',
  videoNotFound: 'YouTube no encontró el video (pudo ser eliminado).',
  liveBroadcastNotFound: 'YouTube no encontró la transmisión (pudo ser eliminada).',
  liveStreamNotFound: 'YouTube no encontró la señal de la transmisión (pudo ser eliminada).',
};

function rejectionMessage(status: number, reason: string | null): string {
  const known = reason ? rejections[reason] : undefined;
  if (known) return known;
  if (status === 403) return `YouTube no permite esta acción a la cuenta (HTTP 403${reason ? `, motivo «${reason}»` : ''}).`;
  return `YouTube rechazó la solicitud (HTTP ${status}${reason ? `, motivo «${reason}»` : ''}).`;
}

function fromNoResponse(error: Error, call: CallKind): ChannelError {
  const options = { cause: error, reason: error.message };
  // The library's timeout is an abort without a code: kindOfNetworkError calls it unknown_outcome.
  if (kindOfNetworkError(error) === 'transient') return new ChannelError('transient', channelMessages.unreachable(YOUTUBE), options);
  if (call === 'read') return new ChannelError('transient', 'YouTube no respondió a tiempo a una consulta; no se cambió nada y se puede reintentar.', options);
  return new ChannelError('unknown_outcome', channelMessages.timeout(YOUTUBE), options);
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterDate(value: string | null, now: Date): Date | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(now.getTime() + seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

const PACIFIC = 'America/Los_Angeles';

/** The next 00:00 in Pacific time (UTC−8 in winter, UTC−7 in summer), when YouTube's quota resets. */
export function nextPacificMidnight(now: Date): Date {
  const tomorrow = Date.parse(`${todayIn(PACIFIC, now)}T00:00:00Z`) + 86_400_000;
  const hourThere = (d: Date) => Number(new Intl.DateTimeFormat('en-US', { timeZone: PACIFIC, hour: 'numeric', hourCycle: 'h23' }).format(d));
  // Midnight there is 07:00 or 08:00 UTC: take the one that reads 0 h in Pacific time.
  return [7, 8].map((h) => new Date(tomorrow + h * 3_600_000)).find((d) => hourThere(d) === 0)!;
}

const tokenRejections: Record<string, string> = {
  invalid_client: 'Google rechazó las credenciales de la aplicación (GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET); revise la configuración.',
  unauthorized_client: 'Google rechazó las credenciales de la aplicación (GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET); revise la configuración.',
  invalid_grant: 'Google ya no acepta la autorización de esta cuenta (vencida, revocada o ya usada); vuelva a conectarla.',
  redirect_uri_mismatch: 'Google rechazó la dirección de regreso de la autorización; revise PREGON_PUBLIC_URL y las URI autorizadas del cliente OAuth.',
};

/**
 * Failures of the token endpoint. Google answers 400 `invalid_grant` when the refresh token or
 * the code is no longer valid and 401 `invalid_client` when the app's credentials are wrong:
 * either way the account cannot go on until someone reconnects it or fixes the settings.
 * A token request that got no answer changed nothing that matters (Google keeps the refresh
 * token), so it is retried like a read.
 */
export function tokenError(error: unknown): unknown {
  const failure = httpFailureOf(error);
  const message = failure?.reason ? tokenRejections[failure.reason] : undefined;
  if (failure && message) return new ChannelError('auth', message, { status: failure.status, reason: failure.reason, cause: error });
  return toChannelError(error, 'read');
}
