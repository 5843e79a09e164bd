/**
 * The hearing's agenda (Event.agenda) item by item, for the public pages and the report.
 * The agenda may be stored as JSON (`[{ "time": "09:00", "title": "Instalación" }, …]` or a
 * list of strings) or as plain text, one item per line ("9:00 a. m. – Instalación", "- Saludo").
 * Either way each item becomes its time (when it has one) and its text.
 */

export type AgendaItem = { time: string | null; text: string };

const timeKeys = ['time', 'at', 'hour', 'hora', 'startsAt', 'start'];
const textKeys = ['title', 'text', 'item', 'topic', 'label', 'description', 'tema', 'titulo'];

function firstString(o: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

/** "09:00 Instalación", "9:00 a. m. - Instalación", "09:00 | Instalación". */
const timedLine = /^(\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s*m\.?)?)\s*(?:[-–—|:]\s*)?(.+)$/i;

function fromLine(line: string): AgendaItem | null {
  const text = line.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, '').trim();
  if (!text) return null;
  const m = timedLine.exec(text);
  return m ? { time: m[1]!.trim(), text: m[2]!.trim() } : { time: null, text };
}

export function parseAgenda(agenda: string | null | undefined): AgendaItem[] {
  if (!agenda || !agenda.trim()) return [];
  const trimmed = agenda.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as { items?: unknown }).items) ? (parsed as { items: unknown[] }).items : null;
      if (list) {
        return list
          .map((item): AgendaItem | null => {
            if (typeof item === 'string') return fromLine(item);
            if (item && typeof item === 'object') {
              const o = item as Record<string, unknown>;
              const text = firstString(o, textKeys);
              return text ? { time: firstString(o, timeKeys), text } : null;
            }
            return null;
          })
          .filter((i): i is AgendaItem => i !== null);
      }
    } catch {
      // Not JSON after all: read it as lines.
    }
  }
  return trimmed
    .split(/\r?\n/)
    .map(fromLine)
    .filter((i): i is AgendaItem => i !== null);
}
