import type { FieldValues, TemplateManifest } from '../index.js';

/**
 * Example content for the gallery's thumbnails and the editor's first preview: the
 * template's own sample (manifest.json), as the office of the seed plan would write it.
 */
export function sampleValues(t: TemplateManifest): FieldValues {
  return { ...t.sample };
}
