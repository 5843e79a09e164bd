/**
 * Citizens' words as they are compared (duplicate questions, survey topics, searches): lower
 * case, accents removed (á → a, ñ → n, ü → u), every character that is not a letter or a digit
 * turned into a space, whitespace collapsed. «¿Cuándo arreglan la vía?» → «cuando arreglan la via».
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
