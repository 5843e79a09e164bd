import twitterText from 'twitter-text';
import type { CheckInput, CheckResult, Counter, MediaFacts, RuleIssue } from '../channel.js';

/** X's limits for what this channel sends (a standard account; longer posts need X Premium). */
export const xLimits = {
  text: 280,
  images: 4,
  imageBytes: 5 * 1024 * 1024,
  altText: 1000,
  imageTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
} as const;

/** Length as X counts it (twitter-text): every URL is 23, most non-Latin characters 2. */
export function xLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/**
 * The text that goes out. X has no link field: the variant's link is appended to the text
 * (and counted), unless the text already contains it.
 */
export function composeText(text: string, link: string | null): string {
  const body = text.trim();
  if (!link || body.includes(link)) return body;
  return body ? `${body}\n\n${link}` : link;
}

/** The posts `options.thread` publishes: one post when the text fits, else a numbered thread. */
export function threadParts(text: string): string[] {
  if (xLength(text) <= xLimits.text) return [text];
  // The suffix " (i/n)" must fit in every part, but n is only known after splitting: reserve
  // room for a suffix with `digits` digits and split again in the rare case there are more parts.
  for (let digits = 1; ; digits++) {
    const widest = ` (${'9'.repeat(digits)}/${'9'.repeat(digits)})`;
    const chunks = splitToFit(text, (t) => xLength(t + widest) <= xLimits.text);
    if (String(chunks.length).length <= digits) return chunks.map((c, i) => `${c} (${i + 1}/${chunks.length})`);
  }
}

/** From the coarsest boundary to the finest: a unit too long for one post is split by the next level. */
const levels: { split: (t: string) => string[]; joiner: string }[] = [
  { split: (t) => t.split(/\n\s*\n/), joiner: '\n\n' },
  { split: (t) => t.split(/(?<=[.!?…;:])\s+/), joiner: ' ' },
  { split: (t) => t.split(/\s+/), joiner: ' ' },
];

/** Greedy packing: each chunk takes as many whole units as `fits` allows. */
function splitToFit(text: string, fits: (chunk: string) => boolean, level = 0): string[] {
  const trimmed = text.trim();
  if (fits(trimmed)) return [trimmed];
  const current = levels[level];
  if (!current) return splitCharacters(trimmed, fits);
  const chunks: string[] = [];
  let open = '';
  for (const unit of current.split(trimmed).map((u) => u.trim()).filter(Boolean)) {
    const joined = open ? open + current.joiner + unit : unit;
    if (fits(joined)) {
      open = joined;
      continue;
    }
    if (open) chunks.push(open);
    const pieces = fits(unit) ? [unit] : splitToFit(unit, fits, level + 1);
    chunks.push(...pieces.slice(0, -1));
    open = pieces.at(-1) ?? '';
  }
  if (open) chunks.push(open);
  return chunks;
}

/** Last resort for a single "word" longer than a post: cut between code points. */
function splitCharacters(word: string, fits: (chunk: string) => boolean): string[] {
  const chunks: string[] = [];
  let open = '';
  for (const char of word) {
    if (open && !fits(open + char)) {
      chunks.push(open);
      open = '';
    }
    open += char;
  }
  if (open) chunks.push(open);
  return chunks;
}

// ---------------------------------------------------------------- check

export function checkX(input: CheckInput): CheckResult {
  const text = composeText(input.text, input.link);
  const issues: RuleIssue[] = [...titleIssues(input), ...mediaIssues(input.media)];
  if (!text && input.media.length === 0) {
    issues.push(error('text', 'empty', 'Escriba un texto o agregue al menos una imagen: X no publica posts vacíos.'));
  }
  const length = xLength(text);
  if (length <= xLimits.text || !input.options.thread) {
    if (length > xLimits.text) {
      const over = length - xLimits.text;
      issues.push(
        error(
          'text',
          'too_long',
          `El texto tiene ${length} caracteres según el conteo de X y el límite es ${xLimits.text}: sobran ${over}. Acórtelo o active la opción «hilo» para publicarlo en varias partes numeradas.`,
        ),
      );
    }
    const counters: Counter[] = [{ field: 'text', label: 'Caracteres en X', used: length, limit: xLimits.text }];
    return input.options.thread ? { issues, counters, parts: [text] } : { issues, counters };
  }
  const parts = threadParts(text);
  const counters = parts.map((p, i): Counter => ({ field: 'text', label: `Parte ${i + 1} de ${parts.length}`, used: xLength(p), limit: xLimits.text }));
  return { issues, counters, parts };
}

function titleIssues(input: CheckInput): RuleIssue[] {
  if (!input.title?.trim()) return [];
  return [{ field: 'title', code: 'title_ignored', severity: 'warning', message: 'X no tiene títulos: el título no se publica, solo el texto.' }];
}

function mediaIssues(media: MediaFacts[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (media.some((m) => m.kind === 'video')) {
    issues.push(error('media', 'video_not_supported', 'Este canal de X publica solo imágenes; quite el video (los videos se publican por YouTube).'));
  }
  if (media.some((m) => m.kind === 'document' || m.kind === 'audio')) {
    issues.push(error('media', 'media_kind', 'X solo acepta imágenes; quite los documentos y audios.'));
  }
  const images = media.filter((m) => m.kind === 'image');
  if (images.length > xLimits.images) {
    issues.push(error('media', 'too_many_images', `X admite hasta ${xLimits.images} imágenes por post; hay ${images.length}.`));
  }
  if (images.some((m) => m.mimeType === 'image/gif') && images.length > 1) {
    issues.push(error('media', 'gif_not_alone', 'Un GIF se publica solo en X: quite las demás imágenes o el GIF.'));
  }
  images.forEach((m, i) => issues.push(...imageIssues(m, i + 1)));
  return issues;
}

function imageIssues(image: MediaFacts, n: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!(xLimits.imageTypes as readonly string[]).includes(image.mimeType)) {
    issues.push(error('media', 'image_type', `La imagen ${n} es ${image.mimeType}; X acepta JPEG, PNG, WebP o GIF.`));
  }
  if (image.bytes > xLimits.imageBytes) {
    issues.push(error('media', 'image_too_big', `La imagen ${n} pesa ${megabytes(image.bytes)} MB; X acepta hasta 5 MB por imagen.`));
  }
  const alt = [...image.altText.trim()].length;
  if (alt === 0) {
    issues.push(error('media', 'alt_missing', `La imagen ${n} no tiene texto alternativo; escríbalo para las personas que usan lector de pantalla.`));
  } else if (alt > xLimits.altText) {
    issues.push(error('media', 'alt_too_long', `El texto alternativo de la imagen ${n} tiene ${alt} caracteres; X acepta hasta ${xLimits.altText}.`));
  }
  return issues;
}

function error(field: RuleIssue['field'], code: string, message: string): RuleIssue {
  return { field, code, message, severity: 'error' };
}

function megabytes(bytes: number) {
  return (bytes / (1024 * 1024)).toLocaleString('es-CO', { maximumFractionDigits: 1 });
}
