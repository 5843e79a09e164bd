/** The longest title part of a news slug, before the piece suffix. */
export const slugTitleMaxLength = 80;

/**
 * A title as a URL segment: lower-case ASCII, accents folded ("Año" → "ano"), every run of
 * other characters one '-', cut on a word boundary to at most `maxLength` characters.
 */
export function slugify(title: string, maxLength = slugTitleMaxLength): string {
  const words = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // the accents NFD split off the letters
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= maxLength) return words;
  const cut = words.slice(0, maxLength + 1);
  // Cut at the last '-' that fits; a single word longer than the limit is cut where it must.
  const lastBreak = cut.lastIndexOf('-');
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : words.slice(0, maxLength)).replace(/-+$/, '');
}

/**
 * The news slug of a piece: its title slug plus the last 6 characters of the piece id. The
 * same piece always gets the same slug (a retried publish lands on the same address) and
 * two pieces with the same title do not clash.
 */
export function newsSlug(title: string, pieceId: string): string {
  // cuid ids are lower-case letters and digits already; anything else must not break the URL.
  const suffix = pieceId.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, '0');
  return `${slugify(title) || 'noticia'}-${suffix}`;
}

/** What a news slug can look like; anything else is not looked up. */
export const newsSlugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
