import { createHash } from 'node:crypto';
import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db, DbOrTx } from '../db/client.js';
import { checkBrandContrast, defaultBrandKit, validateLogoSvg, type BrandKit } from '../render/index.js';

/** The office's brand kit: the saved one, or the default shipped in templates/brand. */
export async function getBrandKit(db: DbOrTx): Promise<BrandKit> {
  const row = await db.brandKit.findUnique({ where: { id: 'default' } });
  if (!row) return defaultBrandKit;
  return {
    municipality: row.municipality,
    logoSvg: row.logoSvg,
    colors: JSON.parse(row.colors) as BrandKit['colors'],
    fonts: JSON.parse(row.fonts) as BrandKit['fonts'],
  };
}

/** A short fingerprint of a kit: part of every render's cache key, so a new logo renders anew. */
export function brandKitHash(kit: BrandKit): string {
  return createHash('sha256').update(JSON.stringify(kit)).digest('hex').slice(0, 16);
}

/**
 * Saves the kit (logo sanitized, refused if unsafe) and reports every text/background pair
 * below WCAG AA (4.5:1). A failing pair is reported, not refused: the office decides.
 */
export async function saveBrandKit({ db, actor, kit }: { db: Db; actor: Actor; kit: BrandKit }) {
  const clean: BrandKit = { ...kit, logoSvg: validateLogoSvg(kit.logoSvg) };
  const data = { municipality: clean.municipality, logoSvg: clean.logoSvg, colors: JSON.stringify(clean.colors), fonts: JSON.stringify(clean.fonts), updatedById: actor.userId };
  await db.$transaction(async (tx) => {
    const before = await getBrandKit(tx);
    await tx.brandKit.upsert({ where: { id: 'default' }, create: { id: 'default', ...data }, update: data });
    const summary = (k: BrandKit) => ({ municipality: k.municipality, colors: k.colors, fonts: k.fonts, logo: brandKitHash({ ...k, colors: k.colors }) });
    await writeAudit(tx, actor, { action: 'update', entityType: 'BrandKit', entityId: 'default', before: summary(before), after: summary(clean) });
  });
  return { kit: clean, contrast: checkBrandContrast(clean) };
}
