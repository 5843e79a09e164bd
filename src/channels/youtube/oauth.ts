import { ChannelError, type ChannelSettings, type ConnectedAccount, type Credentials, type OAuthFlow, type TokenSet } from '../channel.js';
import { callOptions, oauthClient, requireClientId, send, youtubeApi } from './client.js';
import { tokenError } from './errors.js';

/** Upload videos, manage broadcasts and read the channel's analytics. */
export const youtubeScopes = [
  'https://www.googleapis.com/auth/youtube.upload',
  'https://www.googleapis.com/auth/youtube',
  'https://www.googleapis.com/auth/yt-analytics.readonly',
];

export const youtubeOAuth: OAuthFlow = {
  start(settings, { state, redirectUri }) {
    const url = new URL(settings.google.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: requireClientId(settings),
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: youtubeScopes.join(' '),
      // `offline` brings a refresh token; `consent` makes Google send it again on a reconnect.
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state,
    }).toString();
    return { url: url.toString(), codeVerifier: null };
  },

  /** Exchanges the code, then names the account after the YouTube channel it gives access to. */
  async finish(settings, { code, redirectUri }) {
    const tokens = await exchange(() => oauthClient(settings, redirectUri).getToken({ code, redirect_uri: redirectUri }).then((r) => r.tokens));
    if (!tokens.access_token) throw new ChannelError('auth', 'Google no entregó un token de acceso; vuelva a conectar la cuenta.');
    const api = youtubeApi(settings, tokens.access_token);
    const found = await send('read', () => api.channels.list({ part: ['snippet'], mine: true }, callOptions(settings)));
    const channels = found.items ?? [];
    if (channels.length === 0) {
      throw new ChannelError('rejected', 'La cuenta de Google autorizada no tiene canal de YouTube; cree el canal (o elija la cuenta de marca del canal) y vuelva a conectar.');
    }
    return channels.map(
      (channel): ConnectedAccount => ({
        label: channel.snippet?.title ?? channel.id!,
        remoteAccountId: channel.id!,
        accessToken: tokens.access_token!,
        refreshToken: tokens.refresh_token ?? null,
        expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
        scope: tokens.scope ?? null,
      }),
    );
  },
};

/**
 * A new access token from the refresh token. Google does not rotate refresh tokens (and the
 * library puts the old one back in its answer), so none is returned: keep the stored one.
 */
export async function refreshYoutube(settings: ChannelSettings, credentials: Credentials): Promise<TokenSet> {
  if (!credentials.refreshToken) throw new ChannelError('auth', 'La cuenta de YouTube no tiene token de renovación; vuelva a conectarla.');
  const client = oauthClient(settings);
  client.setCredentials({ refresh_token: credentials.refreshToken });
  const tokens = await exchange(() => client.refreshAccessToken().then((r) => r.credentials));
  if (!tokens.access_token) throw new ChannelError('auth', 'Google no entregó un token de acceso; vuelva a conectar la cuenta.');
  return { accessToken: tokens.access_token, expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null, scope: tokens.scope ?? null };
}

async function exchange<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw tokenError(error);
  }
}
