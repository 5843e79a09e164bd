import { decodeHTML } from 'entities';

/**
 * Cell cleaning. Plans arrive pasted from PDFs, web editors and Excel, so cells carry HTML
 * remnants, entities, non-breaking spaces and stray line breaks. Everything downstream
 * (header recognition, department keys, continuation detection) works on cleaned text.
 */

// Tags that separate blocks of text: dropping them without a space would glue two words
// together ("<p>Gestión</p><p>Secretaría</p>" must not become "GestiónSecretaría").
const BLOCK_TAG = /<\/?(?:p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|section|article|blockquote|hr)\b[^>]*>/gi;
// Any other tag (<strong>, <span style=…>, <a href=…>) is inline formatting and vanishes.
// Only "<" followed by a letter or "/letter" is a tag, so "< 5 %" in a goal survives.
const OTHER_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
// NBSP and its cousins, zero-width characters, and control characters a PDF copy leaves.
const ODD_SPACE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

export function cleanCell(raw: string): string {
  const withoutTags = raw.replace(COMMENT, ' ').replace(BLOCK_TAG, ' ').replace(OTHER_TAG, '');
  // Decode after removing tags: an encoded "&lt;p&gt;" was meant as literal text.
  return decodeHTML(withoutTags)
    .replace(ZERO_WIDTH, '')
    .replace(ODD_SPACE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lowercase, accents stripped (NFD + combining marks removed), whitespace collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
