import http from 'node:http';
import { TwitterApi, type IClientSettings, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { ChannelError, type ChannelSettings } from '../channel.js';

/** twitter-api-v2 only speaks https; a plain-http base URL (the local server) needs its own agent. */
const plainHttpAgent = new http.Agent();

/**
 * twitter-api-v2 has its hosts hard-coded (api.x.com). This plugin sends every request to
 * `settings.x.apiBaseUrl` instead, at the last moment (`onBeforeRequest`): rewriting earlier
 * breaks media upload, whose body format the library chooses from the original URL.
 * It also sets the socket timeout, so a silent server ends in a timeout instead of a hang.
 */
function redirectPlugin(settings: ChannelSettings): ITwitterApiClientPlugin {
  const base = new URL(settings.x.apiBaseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      const url = computedParams.url;
      url.protocol = base.protocol;
      url.host = base.host;
      url.pathname = prefix + url.pathname;
      requestOptions.timeout = settings.requestTimeoutMs;
    },
  };
}

function clientSettings(settings: ChannelSettings): Partial<IClientSettings> {
  const plain = new URL(settings.x.apiBaseUrl).protocol === 'http:';
  return { plugins: [redirectPlugin(settings)], ...(plain ? { httpAgent: plainHttpAgent } : {}) };
}

/** A client acting as the connected account (OAuth 2.0 user token). */
export function userClient(settings: ChannelSettings, accessToken: string): TwitterApi {
  return new TwitterApi(accessToken, clientSettings(settings));
}

/**
 * A client acting as Pregón's X app, for the OAuth flow and token refresh. Clients it returns
 * (`loginWithOAuth2`, `refreshOAuth2Token`) keep the same settings, hence the same redirect.
 */
export function appClient(settings: ChannelSettings): TwitterApi {
  const { clientId, clientSecret } = settings.x;
  if (!clientId) {
    throw new ChannelError('auth', 'X_CLIENT_ID no está configurado: sin el identificador de la aplicación de X no es posible conectar ni renovar cuentas.', {
      reason: 'missing_client_id',
    });
  }
  // Without a secret the app is a "public client": the library sends only client_id, in the body.
  return new TwitterApi(clientSecret ? { clientId, clientSecret } : { clientId }, clientSettings(settings));
}
