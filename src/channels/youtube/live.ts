import type { youtube_v3 } from '@googleapis/youtube';
import { z } from 'zod';
import { ChannelError, type AccountContext, type ChannelSettings, type OutgoingVariant, type PublishContext, type PublishResult } from '../channel.js';
import { callOptions, send, youtubeApi, type YoutubeApi } from './client.js';
import { composeDescription, youtubeDefaults } from './rules.js';
import { watchUrl } from './video.js';

/**
 * What an interrupted live setup saved: the broadcast (its answer) and the stream's id. The
 * stream key is not saved (progress is stored in clear): a retry reads it from YouTube again.
 */
export const liveProgress = z.object({ broadcastId: z.string(), broadcast: z.unknown(), streamId: z.string().optional() });
export type LiveProgress = z.infer<typeof liveProgress>;

/** What a published broadcast keeps as `raw` (the stream without its key). */
export type LiveRaw = { mode: 'live'; broadcast: unknown; stream: { id: string } & Record<string, unknown> };

/**
 * Schedules the event's broadcast: a broadcast (the watch page), a stream (where the encoder
 * sends video) and the binding between them. Creations are saved as they happen; binding is
 * idempotent, so a retry simply binds again.
 */
export async function publishLive(ctx: PublishContext, variant: OutgoingVariant): Promise<PublishResult> {
  const event = variant.event;
  if (!event) throw new ChannelError('rejected', 'La transmisión en vivo necesita un evento con fecha y hora de inicio.');
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const title = liveTitle(variant, event);

  const saved = liveProgress.safeParse(ctx.progress);
  let progress: LiveProgress = saved.success ? saved.data : await insertBroadcast(ctx, api, variant, title);

  let stream = progress.streamId ? await findStream(ctx, api, progress.streamId) : null;
  if (!stream) {
    stream = await send('write', () =>
      api.liveStreams.insert(
        { part: ['snippet', 'cdn', 'contentDetails'], requestBody: { snippet: { title }, cdn: { frameRate: 'variable', ingestionType: 'rtmp', resolution: 'variable' } } },
        callOptions(ctx.settings),
      ),
    );
    progress = { ...progress, streamId: stream.id! };
    await ctx.saveProgress(progress);
  }

  const broadcast = await send('write', () =>
    api.liveBroadcasts.bind({ id: progress.broadcastId, streamId: stream.id!, part: ['id', 'snippet', 'contentDetails', 'status'] }, callOptions(ctx.settings)),
  );

  // The watch page (with its countdown) is public from now, not from the start of the event.
  return liveResult(ctx.settings, broadcast, stream, new Date());
}

/** The broadcast's title (the stream gets the same one): the variant's, else the event's. */
export function liveTitle(variant: OutgoingVariant, event: NonNullable<OutgoingVariant['event']>): string {
  return (variant.title ?? event.title).trim();
}

/** The result of a bound broadcast: its watch page and what the encoder needs. */
export function liveResult(settings: ChannelSettings, broadcast: youtube_v3.Schema$LiveBroadcast, stream: youtube_v3.Schema$LiveStream, publishedAt: Date): PublishResult {
  const ingestion = stream.cdn?.ingestionInfo;
  if (!ingestion?.streamName || !ingestion.ingestionAddress) {
    throw new ChannelError('rejected', 'YouTube creó la señal de la transmisión sin clave ni dirección de ingesta; revise la transmisión en YouTube Studio.');
  }
  const url = watchUrl(settings.google.watchUrl, broadcast.id!);
  const raw: LiveRaw = { mode: 'live', broadcast, stream: withoutKey(stream) };
  return {
    remoteId: broadcast.id!,
    url,
    publishedAt,
    raw,
    live: { broadcastId: broadcast.id!, liveStreamId: stream.id!, watchUrl: url, streamKey: ingestion.streamName, ingestionAddress: ingestion.ingestionAddress },
  };
}

async function insertBroadcast(ctx: PublishContext, api: YoutubeApi, variant: OutgoingVariant, title: string): Promise<LiveProgress> {
  const event = variant.event!;
  const requestBody: youtube_v3.Schema$LiveBroadcast = {
    snippet: {
      title,
      description: composeDescription(variant.text, variant.link),
      scheduledStartTime: event.startsAt.toISOString(),
      ...(event.endsAt ? { scheduledEndTime: event.endsAt.toISOString() } : {}),
    },
    status: { privacyStatus: variant.options.privacy ?? youtubeDefaults.privacy, selfDeclaredMadeForKids: false },
    // Someone starts and ends the broadcast in YouTube Studio: auto-start would go live with the
    // encoder's first test frames, and auto-stop would end the broadcast for good on a dropped
    // connection (common in rural venues) instead of letting the encoder reconnect.
    contentDetails: { enableAutoStart: false, enableAutoStop: false },
  };
  const broadcast = await send('write', () => api.liveBroadcasts.insert({ part: ['snippet', 'status', 'contentDetails'], requestBody }, callOptions(ctx.settings)));
  if (!broadcast.id) throw new ChannelError('unknown_outcome', 'YouTube aceptó la transmisión pero no devolvió su identificador; verifique en YouTube Studio antes de reintentar.');
  const progress = { broadcastId: broadcast.id, broadcast };
  await ctx.saveProgress(progress);
  return progress;
}

/** The saved stream, read again for its key; null when it no longer exists (then it is created anew). */
export async function findStream(ctx: AccountContext, api: YoutubeApi, id: string): Promise<youtube_v3.Schema$LiveStream | null> {
  const found = await send('read', () => api.liveStreams.list({ part: ['snippet', 'cdn'], id: [id] }, callOptions(ctx.settings)));
  return found.items?.[0] ?? null;
}

/** The stream key lets anyone broadcast on the channel: it goes to the event encrypted, never into `raw`. */
function withoutKey(stream: youtube_v3.Schema$LiveStream): LiveRaw['stream'] {
  const info = stream.cdn?.ingestionInfo;
  return { ...stream, id: stream.id!, ...(stream.cdn ? { cdn: { ...stream.cdn, ingestionInfo: { ...info, streamName: undefined } } } : {}) };
}
