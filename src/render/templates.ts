import { existsSync, readdirSync } from 'node:fs';
import { AppError } from '../errors.js';
import { readTemplateFile, templatesDir } from './brand.js';
import { isFormatId } from './formats.js';
import { placeholders } from './values.js';
import type { AspectClass, TemplateManifest } from './types.js';

/**
 * Templates are folders under templates/: `manifest.json` (fields, formats, layouts per
 * aspect class, alt text) and an SVG design (the background: shapes in brand colors). They
 * are read once and checked, so a broken manifest fails at start-up, not at render time.
 */
const aspectClasses: AspectClass[] = ['banner', 'wide', 'square', 'tall'];
const fieldTypes = new Set(['text', 'long_text', 'datetime', 'number', 'image', 'figures']);

function checkManifest(t: TemplateManifest, dir: string): TemplateManifest {
  const problem = (what: string) => new Error(`templates/${dir}/manifest.json: ${what}`);
  if (t.id !== dir) throw problem(`id «${t.id}» does not match the folder`);
  if (!Number.isInteger(t.version) || !t.name || !t.description) throw problem('version, name and description are required');
  const names = new Set(t.fields.map((f) => f.name));
  for (const f of t.fields) {
    if (!fieldTypes.has(f.type) || !f.label) throw problem(`field ${f.name} has no valid type or label`);
  }
  if (!names.has(t.titleField)) throw problem(`titleField ${t.titleField} is not a field`);
  for (const key of Object.keys(t.sample ?? {})) if (!names.has(key)) throw problem(`sample has unknown field ${key}`);
  for (const id of t.formats) if (!isFormatId(id)) throw problem(`unknown format ${id}`);
  const known = (key: string) => key === 'brand.municipality' || names.has(key.split('.')[0] ?? '');
  for (const s of t.alt) {
    for (const key of placeholders(s)) if (!known(key)) throw problem(`alt uses unknown {${key}}`);
    const cond = /^\[!?(\w+)\]/.exec(s)?.[1];
    if (cond && !names.has(cond)) throw problem(`alt uses unknown [${cond}]`);
  }
  for (const c of aspectClasses) if (!t.layouts[c]?.slots?.length) throw problem(`no layout for ${c}`);
  for (const [c, layout] of Object.entries(t.layouts)) {
    if (!aspectClasses.includes(c as AspectClass) && !isFormatId(c)) throw problem(`layout ${c} is no aspect class or format`);
    for (const slot of layout.slots) {
      if (slot.box.length !== 4 || slot.box.some((v) => typeof v !== 'number' || v < 0 || v > 1)) throw problem(`bad box in ${c}`);
      if ('field' in slot && slot.field && !names.has(slot.field)) throw problem(`${c}: unknown field ${slot.field}`);
      if (slot.kind === 'text') for (const key of placeholders(slot.text)) if (!known(key)) throw problem(`${c}: unknown {${key}}`);
      if (slot.if && !names.has(slot.if.replace(/^!/, ''))) throw problem(`${c}: unknown condition ${slot.if}`);
    }
  }
  if (!existsSync(`${templatesDir}${dir}/${t.design}`)) throw problem(`design ${t.design} is missing`);
  return t;
}

let cache: Map<string, TemplateManifest> | null = null;

function load(): Map<string, TemplateManifest> {
  if (cache) return cache;
  const found = new Map<string, TemplateManifest>();
  for (const entry of readdirSync(templatesDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !existsSync(`${templatesDir}${entry.name}/manifest.json`)) continue;
    const manifest = JSON.parse(readTemplateFile(`${entry.name}/manifest.json`)) as TemplateManifest;
    found.set(entry.name, Object.freeze(checkManifest(manifest, entry.name)));
  }
  cache = found;
  return found;
}

/** Every template, sorted by id. */
export function listTemplates(): TemplateManifest[] {
  return [...load().values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function getTemplate(id: string): TemplateManifest {
  const t = load().get(id);
  if (!t) throw new AppError('not_found', `No existe la plantilla «${id}».`, { details: { id } });
  return t;
}

const designs = new Map<string, string>();

/** The SVG design source of a template (read once). */
export function designSource(t: TemplateManifest): string {
  const key = `${t.id}/${t.design}`;
  let svg = designs.get(key);
  if (svg === undefined) {
    if (!/^[\w-]+$/.test(t.id) || !/^[\w.-]+\.svg$/.test(t.design) || !existsSync(`${templatesDir}${key}`)) {
      throw new AppError('not_found', `No existe el diseño de la plantilla «${t.id}».`, { details: { id: t.id } });
    }
    svg = readTemplateFile(key);
    designs.set(key, svg);
  }
  return svg;
}
