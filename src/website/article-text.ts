/**
 * The body of a news article as the office writes it: plain text, paragraphs separated by
 * blank lines, a line starting with "# " or "## " is a heading. Nothing else is markup, so
 * whatever HTML the text holds is shown as text (the pages escape every block).
 */

export type ArticleBlock =
  /** "# " is a section heading (h2: the page's h1 is the title), "## " a subsection (h3). */
  | { kind: 'heading'; level: 2 | 3; text: string }
  /** A paragraph keeps its single line breaks (addresses, lists of names…). */
  | { kind: 'paragraph'; lines: string[] };

const headingPattern = /^(#{1,2}) +(.*)$/;

export function parseArticleText(text: string): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  let lines: string[] = [];
  const endParagraph = () => {
    if (lines.length) blocks.push({ kind: 'paragraph', lines });
    lines = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const heading = headingPattern.exec(line);
    if (heading?.[2]?.trim()) {
      endParagraph();
      blocks.push({ kind: 'heading', level: heading[1] === '#' ? 2 : 3, text: heading[2].trim() });
    } else if (line === '') {
      endParagraph();
    } else {
      lines.push(line);
    }
  }
  endParagraph();
  return blocks;
}

/** The words of the paragraphs on one line; the headings only when there is no paragraph (a summary reads better without them). */
function plainText(text: string): string {
  const blocks = parseArticleText(text);
  const paragraphs = blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.lines.join(' ')] : []));
  const words = paragraphs.length ? paragraphs : blocks.map((b) => (b.kind === 'heading' ? b.text : ''));
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

/** The first `max` characters or fewer of the text, cut after a whole word, with '…' when cut. */
export function summarize(text: string, max = 200): string {
  const chars = Array.from(plainText(text)); // by code point, so an emoji is never split
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:–—-]+$/, '')}…`;
}
