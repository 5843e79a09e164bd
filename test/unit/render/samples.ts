import { listTemplates, type FieldValues } from '../../../src/render/index.js';

/** Each template's own example content (manifest.json "sample"). */
export const samples: Record<string, FieldValues> = Object.fromEntries(listTemplates().map((t) => [t.id, t.sample]));
