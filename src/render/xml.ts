/**
 * A small, strict XML reader and writer, enough to check and re-serialize an uploaded logo.
 * No DTDs (so no entity expansion), no external anything: comments, processing instructions
 * and a plain DOCTYPE are dropped; CDATA becomes text.
 */

export type XmlElement = { name: string; attrs: [string, string][]; children: XmlNode[] };
export type XmlNode = XmlElement | string;

export class XmlError extends Error {}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`carácter «&» sin escapar cerca de «${whole.slice(0, 12)}»`);
    const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : ref.startsWith('#') ? parseInt(ref.slice(1), 10) : NaN;
    if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    const named = ENTITIES[ref];
    if (named === undefined) throw new XmlError(`entidad desconocida «&${ref};»`);
    return named;
  });
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Parses a document with exactly one root element. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const root: XmlElement = { name: '#document', attrs: [], children: [] };
  const stack: XmlElement[] = [root];
  const top = () => stack[stack.length - 1] as XmlElement;
  const skipTo = (end: string) => {
    const j = src.indexOf(end, i);
    if (j < 0) throw new XmlError(`falta «${end}»`);
    const body = src.slice(i, j);
    i = j + end.length;
    return body;
  };
  while (i < src.length) {
    if (src[i] !== '<') {
      const j = src.indexOf('<', i);
      const text = src.slice(i, j < 0 ? src.length : j);
      i = j < 0 ? src.length : j;
      if (stack.length === 1) {
        if (text.trim()) throw new XmlError('hay texto fuera del elemento raíz');
      } else top().children.push(decodeEntities(text));
    } else if (src.startsWith('<!--', i)) {
      i += 4;
      skipTo('-->');
    } else if (src.startsWith('<![CDATA[', i)) {
      i += 9;
      if (stack.length === 1) throw new XmlError('CDATA fuera del elemento raíz');
      top().children.push(skipTo(']]>'));
    } else if (src.startsWith('<?', i)) {
      i += 2;
      skipTo('?>');
    } else if (/^<!DOCTYPE/i.test(src.slice(i, i + 9))) {
      const body = skipTo('>');
      if (body.includes('[')) throw new XmlError('el DOCTYPE no puede declarar entidades');
    } else if (src[i + 1] === '/') {
      i += 2;
      const name = skipTo('>').trim();
      if (stack.length === 1 || top().name !== name) throw new XmlError(`etiqueta de cierre «</${name}>» inesperada`);
      stack.pop();
    } else {
      i += 1;
      const name = NAME.exec(src.slice(i))?.[0];
      if (!name) throw new XmlError('etiqueta sin nombre');
      i += name.length;
      const el: XmlElement = { name, attrs: [], children: [] };
      for (;;) {
        const ws = /^\s*/.exec(src.slice(i))?.[0] ?? '';
        i += ws.length;
        if (src.startsWith('/>', i) || src[i] === '>') break;
        const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(src.slice(i));
        if (!attr?.[1] || !attr[2] || !ws) throw new XmlError(`atributo mal formado en «<${name}>»`);
        if (el.attrs.some(([n]) => n === attr[1])) throw new XmlError(`atributo «${attr[1]}» repetido`);
        el.attrs.push([attr[1], decodeEntities(attr[2].slice(1, -1))]);
        i += attr[0].length;
      }
      if (stack.length === 1 && root.children.length) throw new XmlError('hay más de un elemento raíz');
      top().children.push(el);
      if (src[i] === '>') stack.push(el);
      i += src[i] === '>' ? 1 : 2;
    }
  }
  if (stack.length > 1) throw new XmlError(`falta cerrar «<${top().name}>»`);
  const doc = root.children[0];
  if (!doc || typeof doc === 'string') throw new XmlError('no hay elemento raíz');
  return doc;
}

export function serializeXml(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  const attrs = node.attrs.map(([n, v]) => ` ${n}="${escapeXml(v)}"`).join('');
  if (!node.children.length) return `<${node.name}${attrs}/>`;
  return `<${node.name}${attrs}>${node.children.map(serializeXml).join('')}</${node.name}>`;
}
