import { cleanCell, foldText } from './clean.js';

/**
 * Responsible departments. A cell lists several of them separated by " - ", "/" or ";",
 * and the same department is written with different case and accents across rows
 * ("Secretaría de Apoyo a la Gestión" / "Secretaría de Apoyo a la gestión").
 */

// A hyphen separates only with a space on at least one side, so compound words such as
// "Socio-económico" stay whole; dashes (en/em) always separate.
const SEPARATOR = /\s-\s*|\s*-\s|\s*[–—]\s*|\s*[/;]\s*/;
const ALL_DEPARTMENTS_KEY = 'todas las dependencias';

export function departmentKey(name: string): string {
  return foldText(name);
}

export function splitDepartments(cell: string): { names: string[]; allDepartments: boolean } {
  const names: string[] = [];
  const seen = new Set<string>();
  let allDepartments = false;
  for (const part of cleanCell(cell).split(SEPARATOR)) {
    // A trailing period or comma comes from sentence-like cells, not from the name.
    const name = part.replace(/^[\s.,]+|[\s.,]+$/g, '');
    if (!name) continue;
    const key = departmentKey(name);
    if (key === ALL_DEPARTMENTS_KEY) {
      allDepartments = true;
    } else if (!seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  }
  return { names, allDepartments };
}

function capitalizedWords(name: string): number {
  return name.split(' ').filter((word) => /^\p{Lu}/u.test(word)).length;
}

/**
 * Chooses one display name per key, in order of first appearance. The spelling with the
 * most capitalized words wins (an official name is written "Dirección de Relaciones
 * Públicas", the careless variant "Dirección de relaciones públicas"); ties keep the first.
 */
export function canonicalDepartments(spellings: Iterable<string>): { key: string; name: string }[] {
  const chosen = new Map<string, string>();
  for (const name of spellings) {
    const key = departmentKey(name);
    const current = chosen.get(key);
    if (current === undefined || capitalizedWords(name) > capitalizedWords(current)) chosen.set(key, name);
  }
  return [...chosen].map(([key, name]) => ({ key, name }));
}
