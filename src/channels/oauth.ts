import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.js';
import { AppError } from '../errors.js';
import type { Network } from '../generated/prisma/client.js';
import type { ChannelSettings, ConnectedAccount } from './channel.js';
import { channelFor } from './registry.js';

/** What the browser carries between "connect" and the network's callback, sealed so it cannot be forged or read. */
type OAuthState = { state: string; network: Network; codeVerifier: string | null; userId: string; expiresAt: number };

const TEN_MINUTES = 10 * 60_000;

export function oauthCallbackUrl(settings: ChannelSettings, network: Network) {
  return `${settings.publicUrl}/canales/oauth/${network}`;
}

/** Starts OAuth 2.0 for a network: the address to send the browser to and the sealed state for a cookie. */
export function startOAuth({ settings, box, network, userId }: { settings: ChannelSettings; box: SecretBox; network: Network; userId: string }) {
  const flow = channelFor(network).oauth;
  if (!flow) throw new AppError('unprocessable', `${channelFor(network).label} no necesita conectar una cuenta.`);
  const state = randomBytes(24).toString('base64url');
  const { url, codeVerifier } = flow.start(settings, { state, redirectUri: oauthCallbackUrl(settings, network) });
  const sealed: OAuthState = { state, network, codeVerifier, userId, expiresAt: Date.now() + TEN_MINUTES };
  return { url, cookie: box.encrypt(JSON.stringify(sealed)) };
}

/**
 * Finishes the flow: the state must match the one sealed in the cookie, for the same person
 * and network, within ten minutes (so a forged or replayed callback connects nothing).
 */
export async function finishOAuth({ settings, box, network, userId, cookie, query }: {
  settings: ChannelSettings;
  box: SecretBox;
  network: Network;
  userId: string;
  cookie: string | undefined;
  query: { code?: string; state?: string; error?: string; error_description?: string };
}): Promise<ConnectedAccount[]> {
  if (query.error) throw new AppError('bad_request', `La red no autorizó la conexión: ${query.error_description ?? query.error}.`);
  let sealed: OAuthState | null = null;
  try {
    sealed = cookie ? (JSON.parse(box.decrypt(cookie)) as OAuthState) : null;
  } catch {
    sealed = null;
  }
  if (!sealed || sealed.state !== query.state || sealed.network !== network || sealed.userId !== userId || sealed.expiresAt < Date.now()) {
    throw new AppError('bad_request', 'La autorización no corresponde a una conexión iniciada aquí o ya venció; vuelva a conectar la cuenta.');
  }
  if (!query.code) throw new AppError('bad_request', 'La red no devolvió un código de autorización.');
  return channelFor(network).oauth!.finish(settings, { code: query.code, redirectUri: oauthCallbackUrl(settings, network), codeVerifier: sealed.codeVerifier });
}
