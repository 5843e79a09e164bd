/**
 * Pango text renders, remembered by everything that shapes them (markup, font, wrapping
 * width, size or autofit box, alignment). Measuring text is most of a render's cost beyond
 * rasterizing: the editor's live preview redraws on every keystroke with all other fields
 * unchanged, and "render all formats" lays the same texts out again and again, so each
 * text is measured once. Bounded by bytes, least recently used first out.
 */
export class TextRenderCache<V extends { png: Buffer }> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  async get(key: string, make: () => Promise<V>): Promise<V> {
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key); // re-insert: Map order is the recency order
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const value = await make();
    if (value.png.length > this.maxBytes) return value;
    this.entries.set(key, value);
    this.bytes += value.png.length;
    for (const [oldest, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= v.png.length;
    }
    return value;
  }

  clear() {
    this.entries.clear();
    this.bytes = 0;
  }

  get size() {
    return this.entries.size;
  }
}
