import { AppError } from '../errors.js';
import { parseXml, serializeXml, XmlError, type XmlElement, type XmlNode } from './xml.js';

/**
 * Brand logos are SVG uploads: checked strictly, re-serialized from the parsed tree (so what
 * was checked is exactly what is used), and drawn as an isolated `<image>` in renders.
 */
export const MAX_LOGO_BYTES = 200 * 1024;

const FORBIDDEN = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener']);
const SAFE_REF = /^(#|data:image\/(png|jpe?g|gif|webp);base64,)/i;

function refuse(reason: string): AppError {
  return new AppError('unprocessable', `El logo no es un SVG válido: ${reason}.`, { details: { field: 'logoSvg' } });
}

const localName = (name: string) => (name.split(':').pop() ?? name).toLowerCase();

/** Only local (#id) or embedded raster (data:image/…) references may appear in CSS `url()`. */
function checkCss(text: string): void {
  if (/@import/i.test(text)) throw refuse('no se permite @import');
  for (const m of text.matchAll(/url\(\s*['"]?([^'")]*)/gi)) {
    if (!SAFE_REF.test((m[1] ?? '').trim())) throw refuse('no se permiten referencias externas');
  }
}

function check(el: XmlElement): void {
  const name = localName(el.name);
  if (FORBIDDEN.has(name)) throw refuse(`no se permite el elemento <${el.name}>`);
  for (const [attr, value] of el.attrs) {
    const local = localName(attr);
    if (local.startsWith('on')) throw refuse(`no se permite el atributo «${attr}»`);
    if (/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(value)) throw refuse('no se permiten enlaces javascript:');
    if ((local === 'href' || local === 'src') && !SAFE_REF.test(value.trim())) {
      throw refuse(`no se permiten referencias externas («${value.slice(0, 60)}»)`);
    }
    if (local === 'attributename' && /href/i.test(value)) throw refuse('no se permite animar enlaces');
    checkCss(value);
  }
  for (const child of el.children) {
    if (typeof child === 'string') checkCss(child);
    else check(child);
  }
}

const attr = (el: XmlElement, name: string) => el.attrs.find(([n]) => n === name)?.[1];

function numeric(value: string | undefined): number | null {
  const m = value ? /^\s*([\d.]+)\s*(px)?\s*$/.exec(value) : null;
  const n = m?.[1] ? Number(m[1]) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** [width, height] of the viewBox, or of width/height when there is no viewBox. */
function viewSize(root: XmlElement): [number, number] | null {
  const vb = attr(root, 'viewBox')?.trim().split(/[\s,]+/).map(Number);
  if (vb?.length === 4 && vb.every(Number.isFinite) && (vb[2] ?? 0) > 0 && (vb[3] ?? 0) > 0) return [vb[2]!, vb[3]!];
  const w = numeric(attr(root, 'width'));
  const h = numeric(attr(root, 'height'));
  return w && h ? [w, h] : null;
}

const usesXlink = (node: XmlNode): boolean =>
  typeof node !== 'string' && (node.attrs.some(([n]) => n.startsWith('xlink:')) || node.children.some(usesXlink));

/** Checks an uploaded logo and returns it cleaned (no comments, DOCTYPE, processing instructions). */
export function validateLogoSvg(svg: string): string {
  if (typeof svg !== 'string' || !svg.trim()) throw refuse('está vacío');
  if (Buffer.byteLength(svg, 'utf8') > MAX_LOGO_BYTES) {
    throw new AppError('unprocessable', 'El logo supera el tamaño máximo de 200 KB.', { details: { field: 'logoSvg' } });
  }
  let root: XmlElement;
  try {
    root = parseXml(svg.replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof XmlError) throw refuse(err.message);
    throw err;
  }
  if (localName(root.name) !== 'svg') throw refuse('el elemento raíz debe ser <svg>');
  check(root);
  const size = viewSize(root);
  if (!size) throw refuse('debe tener viewBox o ancho y alto');
  const attrs = root.attrs.filter(([n]) => n !== 'xmlns' && n !== 'xmlns:xlink');
  attrs.unshift(['xmlns', 'http://www.w3.org/2000/svg']);
  if (usesXlink(root)) attrs.splice(1, 0, ['xmlns:xlink', 'http://www.w3.org/1999/xlink']);
  if (!attr(root, 'viewBox')) attrs.push(['viewBox', `0 0 ${size[0]} ${size[1]}`]);
  return serializeXml({ ...root, attrs });
}

/** Width / height of a (validated) logo. */
export function logoAspect(svg: string): number {
  const size = viewSize(parseXml(svg));
  return size ? size[0] / size[1] : 1;
}
