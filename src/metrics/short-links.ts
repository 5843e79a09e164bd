import { randomInt } from 'node:crypto';
import type { VariantOptions } from '../channels/channel.js';
import { slugify } from '../channels/website/slug.js';
import type { Db } from '../db/client.js';
import { Prisma, type Network } from '../generated/prisma/client.js';

/**
 * Pregón's short links (`/l/:code`): every link a tracked variant carries is replaced by one,
 * which redirects to the link with UTM parameters and counts the click of the day
 * (ShortLinkDay). One ShortLink per piece × network × link, found or created, so making the
 * text again (a retry, a reconciliation) gives the same text.
 */

// ---------------------------------------------------------------- codes

/** Lower-case letters and digits without the ones read alike (0/o, 1/i/l). */
export const codeAlphabet = '23456789abcdefghjkmnpqrstuvwxyz';
export const codeLength = 7;
/** What a code can look like; anything else is not looked up. */
export const codePattern = new RegExp(`^[${codeAlphabet}]{${codeLength}}$`);

/** A random code (crypto), 31^7 ≈ 27 000 million possibilities. */
export function newCode(): string {
  let code = '';
  for (let i = 0; i < codeLength; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

// ---------------------------------------------------------------- finding links in a text

export type TextPart = { url: false; value: string } | { url: true; value: string };

/** Characters that never belong to a URL written in a text (spaces, angle brackets, quotes). */
const urlPattern = /https?:\/\/[^\s<>"'«»“”‘’]+/gi;
const trailingPunctuation = /[.,;:!?¡¿…]$/;

/**
 * The URL a match really is: without the punctuation that ends the sentence after it, nor a
 * closing parenthesis (or bracket) that closes the text around it rather than one opened
 * inside the URL ("(ver https://es.wikipedia.org/wiki/Pasto_(Nariño))." keeps one).
 */
export function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    if (trailingPunctuation.test(url)) {
      url = url.slice(0, -1);
      continue;
    }
    const last = url.at(-1);
    const open = last === ')' ? '(' : last === ']' ? '[' : last === '}' ? '{' : null;
    if (open !== null && count(url, last!) > count(url, open)) {
      url = url.slice(0, -1);
      continue;
    }
    return url;
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A text cut into plain parts and the http(s) URLs written in it, in order; joined, they give the text back. */
export function splitUrls(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(urlPattern)) {
    const url = trimUrl(m[0]);
    if (!isHttpUrl(url)) continue;
    if (m.index > at) parts.push({ url: false, value: text.slice(at, m.index) });
    parts.push({ url: true, value: url });
    at = m.index + url.length;
  }
  if (at < text.length) parts.push({ url: false, value: text.slice(at) });
  return parts;
}

// ---------------------------------------------------------------- UTM

export const utmSource: Record<Network, string> = { x: 'x', youtube: 'youtube', facebook: 'facebook', website: 'website' };
export const utmMedium: Record<Network, string> = { x: 'social', youtube: 'social', facebook: 'social', website: 'referral' };

/** A title (the plan's, the piece's) as a UTM value: lower-case ASCII, accents removed, words joined by '-'. */
export function campaignSlug(planTitle: string): string {
  return slugify(planTitle, 60);
}

/**
 * Where a short link sends people: the link with utm_source, utm_medium, utm_campaign and
 * utm_content added after its own query (kept as written) and before its fragment. A utm_*
 * the link already has is kept, never replaced. Serialized by the URL parser, so it is
 * ASCII and fit for a Location header.
 */
export function withUtm(targetUrl: string, { network, campaign, content }: { network: Network; campaign: string; content: string }): string {
  const hashAt = targetUrl.indexOf('#');
  const base = hashAt === -1 ? targetUrl : targetUrl.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : targetUrl.slice(hashAt);
  const present = new URL(targetUrl).searchParams;
  const wanted: [string, string][] = [
    ['utm_source', utmSource[network]],
    ['utm_medium', utmMedium[network]],
    ['utm_campaign', campaignSlug(campaign) || 'pregon'],
    ['utm_content', campaignSlug(content)],
  ];
  const added = wanted.filter(([key, value]) => value !== '' && !present.has(key)).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  if (added.length === 0) return new URL(targetUrl).href;
  const joiner = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return new URL(`${base}${joiner}${added.join('&')}${fragment}`).href;
}

// ---------------------------------------------------------------- making the links

export type ShortLinkSpec = { pieceId: string; network: Network; targetUrl: string; destination: string };
type FoundLink = { id: string; code: string };

const MAX_CODE_TRIES = 8;

/**
 * The short link of a piece × network × link: the existing one (its destination is kept as
 * it was made, so the same text always means the same thing), or a new one with a random
 * code, tried again on the rare collision. Two publications making the same link at once
 * both end with the one that was saved.
 */
export async function findOrCreateShortLink(db: Db, spec: ShortLinkSpec, generate: () => string = newCode): Promise<FoundLink> {
  const where = { pieceId_network_targetUrl: { pieceId: spec.pieceId, network: spec.network, targetUrl: spec.targetUrl } };
  const select = { id: true, code: true } as const;
  const existing = await db.shortLink.findUnique({ where, select });
  if (existing) return existing;
  for (let attempt = 0; attempt < MAX_CODE_TRIES; attempt++) {
    try {
      return await db.shortLink.create({ data: { ...spec, code: generate() }, select });
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') throw err;
      // Either another request made this very link meanwhile (use it) or the code was taken (draw another).
      const made = await db.shortLink.findUnique({ where, select });
      if (made) return made;
    }
  }
  throw new Error(`No se encontró un código libre para el enlace corto después de ${MAX_CODE_TRIES} intentos.`);
}

export type TrackLinksInput = {
  pieceId: string;
  network: Network;
  text: string;
  link: string | null;
  /** Pregón's public address, without a trailing slash (config.channels.publicUrl). */
  publicUrl: string;
  /** utm_campaign: the plan's title (made a slug here). */
  campaign: string;
  /** utm_content: the piece's title (made a slug here). */
  content: string;
};

/**
 * Replaces every http(s) URL in `text` and the `link` with `${publicUrl}/l/${code}`. Links
 * already pointing at Pregón's short links are left alone; the punctuation ending a sentence
 * stays outside the link. Calling it again gives the same text and link.
 */
export async function trackLinks(db: Db, input: TrackLinksInput): Promise<{ text: string; link: string | null }> {
  const base = input.publicUrl.replace(/\/+$/, '');
  const shortPrefix = `${base}/l/`.toLowerCase();
  const codes = new Map<string, string>();
  const shorten = async (url: string): Promise<string> => {
    if (url.toLowerCase().startsWith(shortPrefix) || !isHttpUrl(url)) return url;
    let code = codes.get(url);
    if (code === undefined) {
      const destination = withUtm(url, { network: input.network, campaign: input.campaign, content: input.content });
      code = (await findOrCreateShortLink(db, { pieceId: input.pieceId, network: input.network, targetUrl: url, destination })).code;
      codes.set(url, code);
    }
    return `${base}/l/${code}`;
  };
  let text = '';
  for (const part of splitUrls(input.text)) text += part.url ? await shorten(part.value) : part.value;
  const trimmedLink = input.link?.trim() ?? '';
  const link = input.link === null ? null : trimmedLink && isHttpUrl(trimmedLink) ? await shorten(trimmedLink) : input.link;
  return { text, link };
}

/**
 * For the publishing path: the variant's text and link as they go out. Unchanged unless the
 * variant asks for tracking (`options.trackLinks === true`); then with short links whose UTM
 * campaign is the plan's title (or "pregon" for a piece outside the plan) and whose content is
 * the piece's title.
 */
export async function trackVariantLinks(
  db: Db,
  args: { pieceId: string; network: Network; text: string; link: string | null; options: VariantOptions; publicUrl: string },
): Promise<{ text: string; link: string | null }> {
  if (args.options.trackLinks !== true) return { text: args.text, link: args.link };
  const piece = await db.piece.findUniqueOrThrow({
    where: { id: args.pieceId },
    select: { title: true, activity: { select: { subcomponent: { select: { plan: { select: { title: true } } } } } } },
  });
  const planTitle = piece.activity?.subcomponent.plan.title ?? '';
  return trackLinks(db, { pieceId: args.pieceId, network: args.network, text: args.text, link: args.link, publicUrl: args.publicUrl, campaign: planTitle, content: piece.title });
}

// ---------------------------------------------------------------- clicks

/** One more click of a short link on `day` (YYYY-MM-DD in the office's zone): one statement, safe under concurrency. */
export async function countClick(db: Db, shortLinkId: string, day: string): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Día inválido: «${day}» (se esperaba AAAA-MM-DD).`);
  await db.$executeRaw`INSERT INTO "ShortLinkDay" ("shortLinkId", "day", "clicks") VALUES (${shortLinkId}, ${day}, 1)
    ON CONFLICT ("shortLinkId", "day") DO UPDATE SET "clicks" = "clicks" + 1`;
}

export type LinkClickRow = { shortLinkId: string; code: string; pieceId: string; network: Network; targetUrl: string; day: string; clicks: number };

/** Clicks per short link and day (days inclusive, YYYY-MM-DD), by day then code; only days with clicks. */
export async function linkClicks(db: Db, { pieceIds, from, to }: { pieceIds?: string[]; from?: string; to?: string } = {}): Promise<LinkClickRow[]> {
  const rows = await db.shortLinkDay.findMany({
    where: {
      clicks: { gt: 0 },
      day: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) },
      ...(pieceIds ? { shortLink: { pieceId: { in: pieceIds } } } : {}),
    },
    select: { day: true, clicks: true, shortLink: { select: { id: true, code: true, pieceId: true, network: true, targetUrl: true } } },
  });
  return rows
    .map(({ day, clicks, shortLink: l }) => ({ shortLinkId: l.id, code: l.code, pieceId: l.pieceId, network: l.network, targetUrl: l.targetUrl, day, clicks }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.code.localeCompare(b.code));
}
