import { auth, youtube, type youtube_v3 } from '@googleapis/youtube';
import { ChannelError, type ChannelSettings } from '../channel.js';
import { toChannelError, type CallKind } from './errors.js';

export type YoutubeApi = youtube_v3.Youtube;

/**
 * The YouTube client for one account. The OAuth client gets only the access token: refreshing
 * is the caller's job (`refresh()`, once, centrally), so the library must never do it on its own
 * and it cannot without a refresh token.
 */
export function youtubeApi(settings: ChannelSettings, accessToken: string): YoutubeApi {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: accessToken });
  return youtube({ version: 'v3', auth: oauth, rootUrl: settings.google.youtubeRootUrl });
}

/**
 * Options for every call: the library's own retries are off (the caller owns the retry policy,
 * and a retried upload could post twice) and each request has the configured time limit.
 * Uploads also need `rootUrl` here: the library builds their URL from the call's options only.
 */
export function callOptions(settings: ChannelSettings) {
  return { rootUrl: settings.google.youtubeRootUrl, retry: false, timeout: settings.requestTimeoutMs };
}

/** The OAuth client for the token endpoint, with the same no-retry, time-limited requests. */
export function oauthClient(settings: ChannelSettings, redirectUri?: string) {
  return new auth.OAuth2({
    clientId: requireClientId(settings),
    clientSecret: settings.google.clientSecret ?? undefined,
    redirectUri,
    endpoints: { oauth2TokenUrl: settings.google.tokenUrl },
    // The token calls carry their own retry settings (POST included); `retry: 0` turns them off.
    transporterOptions: { timeout: settings.requestTimeoutMs, retryConfig: { retry: 0 } },
  });
}

export function requireClientId(settings: ChannelSettings): string {
  if (!settings.google.clientId) {
    throw new ChannelError('auth', 'GOOGLE_CLIENT_ID no está configurado: sin él Pregón no puede conectar ni renovar cuentas de YouTube.');
  }
  return settings.google.clientId;
}

/** Runs one API call and gives its data, or throws the failure as a ChannelError. */
export async function send<T>(kind: CallKind, call: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await call()).data;
  } catch (error) {
    throw toChannelError(error, kind);
  }
}
