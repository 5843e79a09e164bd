import type { CheckInput, CheckResult, MediaFacts, RuleIssue } from '../channel.js';

/** Facebook's documented limits for a Page post (Graph API, `/{page-id}/feed` and `/{page-id}/photos`). */
export const FACEBOOK_TEXT_LIMIT = 63_206;
export const FACEBOOK_MAX_IMAGES = 10;
/** Page photos: "must be 4 MB or less"; PNG files "should be under 1 MB" or Facebook may pixelate them. */
export const FACEBOOK_PHOTO_MAX_BYTES = 4 * 1024 * 1024;
const PNG_ADVISED_MAX_BYTES = 1024 * 1024;
/** The formats Meta documents for Page photos (WebP is not among them). */
export const FACEBOOK_PHOTO_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'];

/**
 * The text Graph receives. A post with photos cannot also carry a link preview, so the link
 * goes at the end of the text (unless the text already has it). Both `check` and `publish`
 * use this, so the counter measures exactly what goes out.
 */
export function messageFor(text: string, link: string | null, imageCount: number): string {
  const body = text.trim();
  const url = link?.trim() ?? '';
  if (imageCount === 0 || url === '' || body.includes(url)) return body;
  return body === '' ? url : `${body}\n\n${url}`;
}

/** Facebook counts characters, not UTF-16 units: an emoji is one. */
function characterCount(s: string): number {
  return [...s].length;
}

export function checkFacebook(input: CheckInput): CheckResult {
  const images = input.media.filter((m) => m.kind === 'image');
  const link = input.link?.trim() || null;
  const message = messageFor(input.text, link, images.length);
  const used = characterCount(message);
  const issues: RuleIssue[] = [
    ...titleIssues(input.title),
    ...textIssues(used),
    ...linkIssues(link, images.length),
    ...mediaIssues(input.media),
  ];
  if (message === '' && link === null && images.length === 0) {
    issues.push(error('text', 'empty', 'La publicación de Facebook necesita texto, un enlace o al menos una imagen.'));
  }
  return { issues, counters: [{ field: 'text', label: 'Texto de la publicación', used, limit: FACEBOOK_TEXT_LIMIT }] };
}

function error(field: RuleIssue['field'], code: string, message: string): RuleIssue {
  return { field, code, message, severity: 'error' };
}

function warning(field: RuleIssue['field'], code: string, message: string): RuleIssue {
  return { field, code, message, severity: 'warning' };
}

function titleIssues(title: string | null): RuleIssue[] {
  return title?.trim() ? [warning('title', 'title_ignored', 'Las publicaciones de página en Facebook no tienen título; el título no se publicará.')] : [];
}

function textIssues(used: number): RuleIssue[] {
  if (used <= FACEBOOK_TEXT_LIMIT) return [];
  return [error('text', 'text_too_long', `El texto tiene ${used.toLocaleString('es-CO')} caracteres; Facebook admite hasta ${FACEBOOK_TEXT_LIMIT.toLocaleString('es-CO')}.`)];
}

function linkIssues(link: string | null, imageCount: number): RuleIssue[] {
  if (link === null) return [];
  if (!isHttpUrl(link)) return [error('link', 'link_invalid', 'El enlace debe ser una dirección web completa que empiece por http:// o https://.')];
  if (imageCount > 0) {
    return [warning('link', 'link_in_text', 'Facebook no muestra la vista previa de un enlace en una publicación con fotos: el enlace irá al final del texto.')];
  }
  return [];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function mediaIssues(media: MediaFacts[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (media.some((m) => m.kind !== 'image')) {
    issues.push(error('media', 'media_unsupported', 'Este canal publica en Facebook texto, enlaces y fotos; los videos, audios y documentos no se pueden adjuntar aquí.'));
  }
  const images = media.filter((m) => m.kind === 'image');
  if (images.length > FACEBOOK_MAX_IMAGES) {
    issues.push(error('media', 'too_many_images', `Hay ${images.length} imágenes; Facebook admite hasta ${FACEBOOK_MAX_IMAGES} por publicación.`));
  }
  images.forEach((image, index) => issues.push(...imageIssues(image, index + 1)));
  return issues;
}

function imageIssues(image: MediaFacts, position: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const name = `La imagen ${position}`;
  if (!FACEBOOK_PHOTO_TYPES.includes(image.mimeType)) {
    issues.push(error('media', 'image_type', `${name} es ${image.mimeType}; Facebook acepta fotos JPEG, PNG, GIF, BMP o TIFF.`));
  }
  if (image.bytes > FACEBOOK_PHOTO_MAX_BYTES) {
    issues.push(error('media', 'image_too_large', `${name} pesa ${megabytes(image.bytes)} MB; Facebook admite fotos de hasta 4 MB.`));
  } else if (image.mimeType === 'image/png' && image.bytes > PNG_ADVISED_MAX_BYTES) {
    issues.push(warning('media', 'png_large', `${name} es un PNG de ${megabytes(image.bytes)} MB; Facebook recomienda PNG de menos de 1 MB para no perder nitidez.`));
  }
  if (image.altText.trim() === '') {
    issues.push(error('media', 'alt_missing', `${name} no tiene texto alternativo; Facebook lo publica para las personas que usan lectores de pantalla.`));
  }
  return issues;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString('es-CO', { maximumFractionDigits: 1 });
}
