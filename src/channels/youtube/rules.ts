import type { CheckInput, CheckResult, Counter, MediaFacts, RuleIssue, VariantOptions } from '../channel.js';
import { composeText as composeDescription } from '../x/rules.js';

/**
 * YouTube's limits, from the videos resource documentation: the title counts characters, the
 * description counts UTF-8 bytes (an accented letter is 2), tags count their characters plus
 * the commas between them and the quotes YouTube adds around a tag with spaces.
 */
export const youtubeLimits = {
  title: 100,
  descriptionBytes: 5000,
  tagCharacters: 500,
  thumbnailBytes: 2 * 1024 * 1024,
  thumbnailTypes: ['image/jpeg', 'image/png'],
  /** YouTube recommends 1280×720 and asks for at least 640 wide. */
  thumbnailMinWidth: 640,
  videoTypes: ['video/mp4'],
} as const;

/** YouTube has no link field either: the description is composed as X's text (the link appended unless the text has it). */
export { composeDescription };

export const youtubeDefaults = {
  privacy: 'public',
  /**
   * 25 is "News & Politics": a municipality's accountability reports and hearings are public
   * affairs news. 29 ("Nonprofits & Activism") is for NGOs and campaigns, which the office is not.
   */
  categoryId: '25',
  language: 'es',
} as const;

/** Characters as people count them (code points, so an emoji is one). */
function characters(s: string): number {
  return [...s].length;
}

function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** How YouTube counts a tag list against its 500 characters. */
export function tagCharacters(tags: string[]): number {
  if (tags.length === 0) return 0;
  return tags.reduce((sum, t) => sum + characters(t) + (/\s/.test(t) ? 2 : 0), 0) + tags.length - 1;
}

export function cleanTags(tags: string[] | undefined): string[] {
  return (tags ?? []).map((t) => t.trim()).filter(Boolean);
}

const ANGLE_BRACKETS = /[<>]/;

/** The variant against YouTube's rules; pure and fast (the editor calls it on every keystroke). */
export function checkYoutube(input: CheckInput): CheckResult {
  const now = input.now ?? new Date();
  const title = (input.title ?? '').trim();
  const description = composeDescription(input.text, input.link);
  const mode = input.options.youtubeMode ?? 'video';
  const issues: RuleIssue[] = [
    ...titleIssues(title),
    ...descriptionIssues(description),
    ...tagIssues(cleanTags(input.options.tags)),
    ...(mode === 'live' ? liveIssues(input, now) : videoIssues(input.media, input.options, now)),
  ];
  const counters: Counter[] = [
    { field: 'title', label: 'Título', used: characters(title), limit: youtubeLimits.title },
    { field: 'text', label: 'Descripción (bytes)', used: utf8Bytes(description), limit: youtubeLimits.descriptionBytes },
  ];
  return { issues, counters };
}

const error = (field: RuleIssue['field'], code: string, message: string): RuleIssue => ({ field, code, message, severity: 'error' });
const warning = (field: RuleIssue['field'], code: string, message: string): RuleIssue => ({ field, code, message, severity: 'warning' });

function titleIssues(title: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (title === '') issues.push(error('title', 'title_required', 'YouTube exige un título para el video.'));
  if (characters(title) > youtubeLimits.title) {
    issues.push(error('title', 'title_too_long', `El título tiene ${characters(title)} caracteres; YouTube admite máximo ${youtubeLimits.title}.`));
  }
  if (ANGLE_BRACKETS.test(title)) issues.push(error('title', 'title_angle_brackets', 'YouTube no admite los signos < ni > en el título.'));
  return issues;
}

function descriptionIssues(description: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const bytes = utf8Bytes(description);
  if (bytes > youtubeLimits.descriptionBytes) {
    issues.push(
      error(
        'text',
        'description_too_long',
        `La descripción ocupa ${bytes} bytes; YouTube admite máximo ${youtubeLimits.descriptionBytes} (las letras con tilde, la ñ y los emojis ocupan 2 a 4 bytes).`,
      ),
    );
  }
  if (ANGLE_BRACKETS.test(description)) issues.push(error('text', 'description_angle_brackets', 'YouTube no admite los signos < ni > en la descripción.'));
  return issues;
}

function tagIssues(tags: string[]): RuleIssue[] {
  const used = tagCharacters(tags);
  const issues: RuleIssue[] = [];
  if (used > youtubeLimits.tagCharacters) {
    issues.push(
      error(
        'options',
        'tags_too_long',
        `Las etiquetas suman ${used} caracteres (con las comas y las comillas de las que tienen espacios); YouTube admite máximo ${youtubeLimits.tagCharacters}.`,
      ),
    );
  }
  if (tags.some((t) => ANGLE_BRACKETS.test(t))) issues.push(error('options', 'tags_angle_brackets', 'YouTube no admite los signos < ni > en las etiquetas.'));
  return issues;
}

function videoIssues(media: MediaFacts[], options: VariantOptions, now: Date): RuleIssue[] {
  const videos = media.filter((m) => m.kind === 'video');
  const images = media.filter((m) => m.kind === 'image');
  const issues: RuleIssue[] = [];
  if (videos.length === 0) issues.push(error('media', 'video_required', 'Adjunte el video que se subirá a YouTube.'));
  if (videos.length > 1) issues.push(error('media', 'one_video_only', `Hay ${videos.length} videos adjuntos; YouTube recibe uno por publicación.`));
  for (const v of videos) {
    if (!(youtubeLimits.videoTypes as readonly string[]).includes(v.mimeType)) {
      issues.push(error('media', 'video_format', `El video debe ser MP4 (este es ${v.mimeType}).`));
    }
  }
  if (images.length > 1) issues.push(error('media', 'one_thumbnail_only', 'Solo se admite una imagen: la miniatura del video.'));
  for (const image of images) issues.push(...thumbnailIssues(image));
  if (media.some((m) => m.kind === 'document' || m.kind === 'audio')) {
    issues.push(error('media', 'media_unsupported', 'YouTube solo recibe el video y su miniatura; quite los documentos y audios.'));
  }
  issues.push(...publishAtIssues(options, now));
  return issues;
}

function thumbnailIssues(image: MediaFacts): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!(youtubeLimits.thumbnailTypes as readonly string[]).includes(image.mimeType)) {
    issues.push(error('media', 'thumbnail_format', `La miniatura debe ser JPEG o PNG (esta es ${image.mimeType}).`));
  }
  if (image.bytes > youtubeLimits.thumbnailBytes) {
    issues.push(error('media', 'thumbnail_too_big', `La miniatura pesa ${(image.bytes / 1024 / 1024).toFixed(1)} MB; YouTube admite máximo 2 MB.`));
  }
  if (image.width !== null && image.width < youtubeLimits.thumbnailMinWidth) {
    issues.push(warning('media', 'thumbnail_small', `La miniatura mide ${image.width} px de ancho; YouTube recomienda 1280×720 y al menos 640 de ancho.`));
  }
  return issues;
}

function publishAtIssues(options: VariantOptions, now: Date): RuleIssue[] {
  if (!options.publishAt) return [];
  const at = new Date(options.publishAt);
  if (Number.isNaN(at.getTime())) return [error('options', 'publish_at_invalid', 'La fecha de publicación programada no es válida.')];
  if (at <= now) return [error('options', 'publish_at_past', 'La fecha de publicación programada ya pasó; elija una futura.')];
  if (options.privacy && options.privacy !== 'public') {
    return [warning('options', 'publish_at_makes_public', 'Con fecha programada el video queda privado hasta esa fecha y YouTube lo hace público entonces.')];
  }
  return [];
}

function liveIssues(input: CheckInput, now: Date): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!input.event) {
    issues.push(error('event', 'event_required', 'La transmisión en vivo necesita un evento con fecha y hora de inicio.'));
  } else if (input.event.startsAt <= now) {
    issues.push(error('event', 'event_past', 'El evento ya empezó o pasó; YouTube solo programa transmisiones futuras.'));
  }
  if (input.media.some((m) => m.kind === 'video')) {
    issues.push(error('media', 'live_no_video', 'En una transmisión en vivo no se sube video: quite el video adjunto o cambie a modo video.'));
  }
  if (input.media.some((m) => m.kind !== 'video')) {
    issues.push(warning('media', 'live_media_ignored', 'Los archivos adjuntos no se usan en la transmisión en vivo.'));
  }
  if (input.options.publishAt) {
    issues.push(warning('options', 'live_publish_at_ignored', 'La fecha programada no aplica a transmisiones: la transmisión empieza a la hora del evento.'));
  }
  return issues;
}
