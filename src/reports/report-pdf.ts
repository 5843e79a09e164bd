import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import type { BrandKit } from '../render/index.js';
import { fontFile } from '../render/index.js';
import { contrastRatio, roleColor } from '../render/contrast.js';
import type { Report, SurveyQuestionResult, SurveyResult } from './report-types.js';
import {
  channelName,
  cutOffText,
  deadlineText,
  evaluationEmpty,
  fmt,
  periodText,
  purposeLabel,
  questionFigures,
  reportTitle,
  scheduleColumns,
  sectionNotes,
  sectionOrder,
  sectionTitles,
  sentence,
  surveyDates,
  type SectionKey,
} from './report-text.js';

/**
 * The report as an A4 PDF made with pdfkit (no browser): a cover in the brand kit's colors
 * with its logo, then one section per part of the report with tables and bar charts drawn
 * with pdfkit's own primitives, page numbers in every page's footer. Text is set in the Inter
 * TTFs shipped with @expo-google-fonts/inter (the renders' fonts), embedded, so accents print
 * and can be searched and copied.
 */

export type ReportPdfOptions = {
  brand: BrandKit;
  /** 'public': the report as citizens see it (the report should already be publicReport()). 'staff' adds the late activities. */
  audience: 'staff' | 'public';
  /** Where citizens read the report on the web (printed on the cover), e.g. https://…/participa/informe. */
  webUrl?: string;
};

type Doc = PDFKit.PDFDocument;

// A4 in points, and the page's frame.
const PAGE = { width: 595.28, height: 841.89 };
const M = { left: 56, right: 56, top: 60, bottom: 64 };
const CONTENT_W = PAGE.width - M.left - M.right;
const BOTTOM = PAGE.height - M.bottom;

const F = { regular: 'Inter', semibold: 'Inter-SemiBold', bold: 'Inter-Bold', extrabold: 'Inter-ExtraBold' } as const;
const INK = '#1b2430';
const MUTED = '#5a6472';
const LINE = '#d9dee5';
const ZEBRA = '#f4f6f9';
const TABLE_PAD = 4;
const TABLE_SIZE = 8.5;

type Palette = { primary: string; onPrimary: string; secondary: string; accent: string; onAccent: string; text: string };

function paletteOf(brand: BrandKit): Palette {
  const c = brand.colors;
  // Brand colors that do not read on white paper (a pale primary) fall back to the text color for headings.
  const primary = contrastRatio(c.primary, '#ffffff') >= 3 ? c.primary : c.text;
  return { primary: c.primary, onPrimary: roleColor(c, 'onPrimary'), secondary: contrastRatio(c.secondary, '#ffffff') >= 3 ? c.secondary : primary, accent: c.accent, onAccent: roleColor(c, 'onAccent'), text: primary };
}

/** The logo as a PNG (pdfkit draws no SVG); null when it cannot be rasterized. */
async function logoPng(svg: string): Promise<Buffer | null> {
  try {
    return await sharp(Buffer.from(svg), { density: 288 }).resize({ height: 280, withoutEnlargement: false }).png().toBuffer();
  } catch {
    return null;
  }
}

export async function renderReportPdf(report: Report, opts: ReportPdfOptions): Promise<Buffer> {
  const logo = await logoPng(opts.brand.logoSvg);
  const doc = new PDFDocument({
    size: 'A4',
    margins: M,
    bufferPages: true,
    autoFirstPage: true,
    lang: 'es-CO',
    displayTitle: true,
    info: {
      Title: `${reportTitle} · ${report.plan.title}`,
      Author: opts.brand.municipality,
      Subject: 'Rendición de cuentas',
      Creator: 'Pregón',
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(F.regular, fontFile('inter-regular'));
  doc.registerFont(F.semibold, fontFile('inter-semibold'));
  doc.registerFont(F.bold, fontFile('inter-bold'));
  doc.registerFont(F.extrabold, fontFile('inter-extrabold'));

  const w = new Writer(doc, paletteOf(opts.brand));
  cover(w, report, opts, logo);
  doc.addPage();
  introduction(w, report);
  sectionOrder.forEach((key, i) => {
    w.section(i + 1, key);
    sections[key](w, report, opts);
  });
  footers(w, opts);
  doc.end();
  return finished;
}

// ---------------------------------------------------------------- drawing helpers

class Writer {
  constructor(
    readonly doc: Doc,
    readonly p: Palette,
  ) {}

  /** A new page when less than `height` is left on this one. */
  room(height: number) {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }

  gap(h: number) {
    this.doc.y += h;
  }

  section(n: number, key: SectionKey) {
    // A section starts on a new page when less than a third of the page is left.
    this.room(PAGE.height / 3);
    if (this.doc.y > M.top + 1) this.gap(14);
    const y = this.doc.y;
    this.doc.rect(M.left, y, 4, 24).fill(this.p.accent);
    this.doc.font(F.bold).fontSize(17).fillColor(this.p.text).text(`${n}. ${sectionTitles[key]}`, M.left + 14, y + 1, { width: CONTENT_W - 14 });
    this.doc.y = Math.max(this.doc.y, y + 24) + 6;
    this.note(sectionNotes[key]);
    this.gap(6);
  }

  /** A subheading; `keepWith`: the height of what follows, so a heading never ends a page alone. */
  heading(text: string, size = 12, keepWith = 0) {
    this.doc.font(F.bold).fontSize(size);
    const own = this.doc.heightOfString(text, { width: CONTENT_W }) + 10;
    this.room(own + Math.min(Math.max(keepWith, size * 3), (BOTTOM - M.top) / 2));
    this.gap(6);
    this.doc.font(F.bold).fontSize(size).fillColor(INK).text(text, M.left, this.doc.y, { width: CONTENT_W });
    this.gap(4);
  }

  paragraph(text: string, o: { font?: string; size?: number; color?: string; indent?: number } = {}) {
    const size = o.size ?? 10;
    const indent = o.indent ?? 0;
    this.doc.font(o.font ?? F.regular).fontSize(size);
    const h = this.doc.heightOfString(text, { width: CONTENT_W - indent, lineGap: 2 });
    // Long paragraphs may break across pages; short ones stay whole.
    if (h < 120) this.room(h + 2);
    this.doc.fillColor(o.color ?? INK).text(text, M.left + indent, this.doc.y, { width: CONTENT_W - indent, lineGap: 2 });
  }

  note(text: string) {
    this.paragraph(text, { size: 8.5, color: MUTED });
  }

  /** Label and value cards in a row (key figures). */
  cards(items: { label: string; value: string }[], o: { fill?: string; ink?: string; labelInk?: string } = {}) {
    const perRow = Math.min(4, items.length);
    const gapX = 10;
    const cw = (CONTENT_W - gapX * (perRow - 1)) / perRow;
    const ch = 58;
    for (let i = 0; i < items.length; i += perRow) {
      this.room(ch + 8);
      const y = this.doc.y;
      items.slice(i, i + perRow).forEach((item, j) => {
        const x = M.left + j * (cw + gapX);
        this.doc.roundedRect(x, y, cw, ch, 6).fill(o.fill ?? ZEBRA);
        this.doc.font(F.extrabold).fontSize(18).fillColor(o.ink ?? this.p.text).text(item.value, x + 10, y + 8, { width: cw - 20, lineBreak: false, ellipsis: true });
        this.doc.font(F.regular).fontSize(8.5).fillColor(o.labelInk ?? MUTED).text(item.label, x + 10, y + 34, { width: cw - 20, height: 22, ellipsis: true });
      });
      this.doc.y = y + ch + 8;
    }
  }

  /**
   * A table. Columns after the first are as wide as their longest header word or cell (numbers
   * align right); the first takes the rest and wraps. A table shorter than half a page is kept
   * on one page; a longer one repeats its header after each break.
   */
  table(head: string[], rows: string[][], o: { totalRow?: boolean } = {}) {
    const doc = this.doc;
    const { widths, headH, rowHs, whole, fontOf, styleOf } = this.tableLayout(head, rows, o);
    const pad = TABLE_PAD;
    const drawRow = (cells: string[], y: number, h: number, style: 'head' | 'body' | 'total', zebra: boolean) => {
      if (style === 'head') doc.rect(M.left, y, CONTENT_W, h).fill(this.p.primary);
      else if (zebra) doc.rect(M.left, y, CONTENT_W, h).fill(ZEBRA);
      let x = M.left;
      cells.forEach((cell, i) => {
        doc.font(fontOf(style, i)).fontSize(TABLE_SIZE).fillColor(style === 'head' ? this.p.onPrimary : INK);
        doc.text(cell, x + pad, y + pad, { width: widths[i]! - pad * 2, align: i === 0 ? 'left' : 'right' });
        x += widths[i]!;
      });
      if (style === 'total') doc.moveTo(M.left, y).lineTo(M.left + CONTENT_W, y).lineWidth(1).strokeColor(INK).stroke();
      else doc.moveTo(M.left, y + h).lineTo(M.left + CONTENT_W, y + h).lineWidth(0.5).strokeColor(LINE).stroke();
    };
    this.room(whole <= (BOTTOM - M.top) / 2 ? whole : headH + (rowHs[0] ?? 0));
    let y = doc.y;
    drawRow(head, y, headH, 'head', false);
    y += headH;
    rows.forEach((cells, r) => {
      const h = rowHs[r]!;
      // The total row never stands alone at the top of a page: the row before it goes with it.
      const keep = styleOf(r + 1) === 'total' ? h + (rowHs[r + 1] ?? 0) : h;
      if (y + keep > BOTTOM) {
        doc.addPage();
        y = doc.y;
        drawRow(head, y, headH, 'head', false);
        y += headH;
      }
      drawRow(cells, y, h, styleOf(r), r % 2 === 1);
      y += h;
    });
    doc.x = M.left;
    doc.y = y + 10;
  }

  /**
   * A table's columns and rows: columns after the first are as wide as their longest header
   * word or cell (numbers align right), plus up to 36 pt of what is left over so headers
   * breathe; the first column takes the rest and wraps.
   */
  tableLayout(head: string[], rows: string[][], o: { totalRow?: boolean } = {}) {
    const doc = this.doc;
    const pad = TABLE_PAD;
    const styleOf = (r: number): 'body' | 'total' => (o.totalRow === true && r === rows.length - 1 ? 'total' : 'body');
    const fontOf = (style: 'head' | 'body' | 'total', i: number) => (style === 'body' ? (i === 0 ? F.semibold : F.regular) : F.bold);
    const widthOf = (text: string, font: string) => doc.font(font).fontSize(TABLE_SIZE).widthOfString(text);
    const others = head.slice(1).map((label, j) => {
      const i = j + 1;
      const headWord = Math.max(0, ...label.split(/\s+/).map((w) => widthOf(w, F.bold)));
      const cells = Math.max(0, ...rows.map((r, k) => widthOf(r[i] ?? '', fontOf(styleOf(k), i))));
      return Math.min(110, Math.max(34, Math.ceil(Math.max(headWord, cells)) + pad * 2 + 2));
    });
    const used = others.reduce((a, b) => a + b, 0);
    const firstNeeded = Math.min(220, Math.max(120, ...[head[0] ?? '', ...rows.map((r) => r[0] ?? '')].map((c) => widthOf(c, F.semibold) + pad * 2 + 2)));
    const spare = CONTENT_W - used - firstNeeded;
    const widths = [0, ...(spare > 0 ? others.map((w) => w + Math.min(36, spare / Math.max(1, others.length))) : others.map((w) => (w * (CONTENT_W - 120)) / Math.max(used, CONTENT_W - 120)))].map(Math.floor);
    widths[0] = CONTENT_W - widths.slice(1).reduce((a, b) => a + b, 0);
    const heightOf = (cells: string[], style: 'head' | 'body' | 'total') =>
      Math.max(...cells.map((cell, i) => doc.font(fontOf(style, i)).fontSize(TABLE_SIZE).heightOfString(cell || ' ', { width: widths[i]! - pad * 2 }))) + pad * 2;
    const headH = heightOf(head, 'head');
    const rowHs = rows.map((cells, r) => heightOf(cells, styleOf(r)));
    return { widths, headH, rowHs, whole: headH + rowHs.reduce((a, b) => a + b, 0) + 10, fontOf, styleOf };
  }

  /** A horizontal bar chart: a label, a bar scaled to the largest value (or `max`), and the value written after it. */
  bars(title: string, rows: { label: string; value: number; text: string }[], o: { max?: number; color?: string } = {}) {
    const doc = this.doc;
    const labelW = 170;
    const valueW = 70;
    const barX = M.left + labelW + 8;
    const barMaxW = CONTENT_W - labelW - 8 - valueW;
    const size = 8.5;
    const max = Math.max(o.max ?? 0, ...rows.map((r) => r.value), 1);
    doc.font(F.regular).fontSize(size);
    const rowHeights = rows.map((r) => Math.max(16, doc.heightOfString(r.label, { width: labelW }) + 6));
    this.room(20 + Math.min(rowHeights.reduce((s, h) => s + h, 0), 200));
    doc.font(F.semibold).fontSize(9.5).fillColor(INK).text(title, M.left, doc.y, { width: CONTENT_W });
    this.gap(4);
    let y = doc.y;
    rows.forEach((r, i) => {
      const h = rowHeights[i]!;
      if (y + h > BOTTOM) {
        doc.addPage();
        y = doc.y;
      }
      doc.font(F.regular).fontSize(size).fillColor(INK).text(r.label, M.left, y + 3, { width: labelW, align: 'right' });
      const barW = Math.max(0, (r.value / max) * barMaxW);
      doc.rect(barX, y + 3, barMaxW, h - 6).fill(ZEBRA);
      if (barW > 0) doc.rect(barX, y + 3, Math.max(barW, 1.5), h - 6).fill(o.color ?? this.p.primary);
      doc.font(F.semibold).fontSize(size).fillColor(INK).text(r.text, barX + barMaxW + 6, y + 3, { width: valueW - 6, lineBreak: false });
      y += h;
    });
    doc.x = M.left;
    doc.y = y + 10;
  }
}

// ---------------------------------------------------------------- cover and introduction

function cover(w: Writer, report: Report, opts: ReportPdfOptions, logo: Buffer | null) {
  const { doc, p } = w;
  const titleTop = 264;
  const titleOpts = { width: CONTENT_W - 20, lineGap: 1, height: 190, ellipsis: true };
  const period = periodText(report);
  // The band ends a little under the cut-off date (measured before drawing: the band goes first).
  doc.font(F.extrabold).fontSize(30);
  const titleH = Math.min(190, doc.heightOfString(report.plan.title, titleOpts));
  const textEnd = titleTop + titleH + 32 + (period ? 22 : 0) + 16;
  const bandH = Math.max(440, textEnd + 72);
  doc.rect(0, 0, PAGE.width, bandH).fill(p.primary);
  doc.rect(0, bandH, PAGE.width, 10).fill(p.accent);

  // Logo on a light chip, then the municipality's name.
  let x = M.left;
  const top = 64;
  if (logo) {
    doc.roundedRect(x, top, 76, 86, 10).fill('#ffffff');
    doc.image(logo, x + 8, top + 8, { fit: [60, 70], align: 'center', valign: 'center' });
    x += 96;
  }
  doc.font(F.bold).fontSize(16).fillColor(p.onPrimary).text(opts.brand.municipality, x, top + 30, { width: PAGE.width - M.right - x });

  // The pill, the title, a short rule, the period and the cut-off date.
  const pill = 'INFORME DE RENDICIÓN DE CUENTAS';
  doc.font(F.bold).fontSize(10);
  const pillW = doc.widthOfString(pill, { characterSpacing: 1 }) + 28;
  doc.roundedRect(M.left, 220, pillW, 24, 12).fill(p.accent);
  doc.fillColor(p.onAccent).text(pill, M.left + 14, 227, { characterSpacing: 1, lineBreak: false });
  doc.font(F.extrabold).fontSize(30).fillColor(p.onPrimary).text(report.plan.title, M.left, titleTop, titleOpts);
  doc.rect(M.left, titleTop + titleH + 16, 56, 3).fill(p.accent);
  doc.y = titleTop + titleH + 32;
  if (period) doc.font(F.semibold).fontSize(14).fillColor(p.onPrimary).text(period, M.left, doc.y, { width: CONTENT_W });
  doc.font(F.regular).fontSize(11).fillColor(p.onPrimary).text(cutOffText(report), M.left, doc.y + (period ? 4 : 0), { width: CONTENT_W });

  // Under the band: the hearing and the key figures.
  doc.y = bandH + 40;
  if (report.hearing) {
    const h = report.hearing;
    doc.font(F.bold).fontSize(12).fillColor(INK).text('Audiencia pública', M.left, doc.y);
    doc.font(F.regular).fontSize(10.5).fillColor(INK).text(`${fmt.dateTime(h.startsAt, report.timeZone)}${h.place ? ` · ${h.place}` : ''}`, M.left, doc.y + 2, { width: CONTENT_W });
    w.gap(18);
  }
  doc.font(F.bold).fontSize(12).fillColor(INK).text('El proceso en cifras', M.left, doc.y);
  w.gap(8);
  const s = report.schedule.total;
  w.cards([
    { label: `de ${fmt.count(s.activities)} actividades cumplidas`, value: fmt.count(s.completed) },
    { label: 'piezas publicadas', value: fmt.count(report.pieces.totals.published) },
    { label: 'personas alcanzadas (alcance)', value: fmt.count(report.reach.totals.reach) },
    { label: `de ${fmt.count(report.questions.received)} preguntas con respuesta publicada`, value: fmt.count(report.questions.published) },
  ]);
  if (opts.webUrl) {
    w.gap(6);
    doc.font(F.regular).fontSize(9).fillColor(MUTED).text(`Consulte el informe en línea: ${opts.webUrl}`, M.left, doc.y, { width: CONTENT_W, link: opts.webUrl });
  }
}

function introduction(w: Writer, report: Report) {
  const { doc } = w;
  doc.font(F.extrabold).fontSize(20).fillColor(w.p.text).text(reportTitle, M.left, M.top, { width: CONTENT_W });
  w.gap(4);
  w.paragraph(report.plan.title, { font: F.semibold, size: 12 });
  if (report.plan.objective) {
    w.gap(6);
    w.paragraph(`Objetivo: ${report.plan.objective}`);
  }
  w.gap(6);
  if (report.hearing) {
    const h = report.hearing;
    const lines = [sentence(`Audiencia pública: ${h.title}, ${fmt.dateTime(h.startsAt, report.timeZone)}${h.place ? `, en ${h.place}` : ''}`)];
    if (h.recordingUrl) lines.push(`Grabación: ${h.recordingUrl}`);
    else if (h.watchUrl) lines.push(`Transmisión: ${h.watchUrl}`);
    w.paragraph(lines.join('\n'));
  } else {
    w.paragraph('La audiencia pública todavía no tiene fecha.');
  }
  w.gap(4);
  w.note(cutOffText(report));
}

// ---------------------------------------------------------------- sections

const sections: Record<SectionKey, (w: Writer, report: Report, opts: ReportPdfOptions) => void> = {
  schedule(w, report, opts) {
    const { bySubcomponent, total } = report.schedule;
    w.table(['Subcomponente', ...scheduleColumns.map((c) => c.label)], [...bySubcomponent, total].map((r) => [r.name, ...scheduleColumns.map((c) => c.value(r))]), { totalRow: true });
    w.bars(
      'Actividades cumplidas por subcomponente',
      bySubcomponent.map((r) => ({ label: r.name, value: r.completedPercent ?? 0, text: fmt.percent(r.completedPercent) })),
      { max: 100 },
    );
    w.bars(
      'Avance promedio por subcomponente',
      bySubcomponent.map((r) => ({ label: r.name, value: r.averageProgress, text: `${fmt.count(r.averageProgress)} %` })),
      { max: 100, color: w.p.secondary },
    );
    if (opts.audience === 'staff' && report.lateActivities) {
      const head = ['Actividad', 'Subcomponente', 'Fecha final', 'Atraso'];
      const rows = report.lateActivities.map((a) => [a.description, a.subcomponent, fmt.date(a.plannedEnd), `${fmt.count(a.daysLate)} ${a.daysLate === 1 ? 'día' : 'días'}${a.reason === 'not_started' ? ' sin iniciar' : ''}`]);
      w.heading('Actividades atrasadas hoy', 12, rows.length ? w.tableLayout(head, rows).whole : 0);
      if (rows.length === 0) w.paragraph('Ninguna actividad está atrasada.');
      else w.table(head, rows);
    }
  },

  pieces(w, report) {
    const p = report.pieces;
    if (p.byKind.length === 0) {
      w.paragraph('Todavía no hay piezas producidas.');
      return;
    }
    const channels = p.channels;
    const rows = p.byKind.map((r) => [r.label, fmt.count(r.produced), fmt.count(r.published), ...channels.map((n) => fmt.count(r.publicationsByChannel[n]))]);
    rows.push(['Total', fmt.count(p.totals.produced), fmt.count(p.totals.published), ...channels.map((n) => fmt.count(p.totals.publicationsByChannel[n]))]);
    w.table(['Tipo de pieza', 'Producidas', 'Publicadas', ...channels.map(channelName)], rows, { totalRow: true });
    if (channels.length > 0) {
      w.bars(
        'Publicaciones por canal',
        channels.map((n) => ({ label: channelName(n), value: p.totals.publicationsByChannel[n], text: fmt.count(p.totals.publicationsByChannel[n]) })),
      );
    }
  },

  reach(w, report) {
    const r = report.reach;
    w.cards([
      { label: 'Alcance', value: fmt.count(r.totals.reach) },
      { label: 'Interacciones', value: fmt.count(r.totals.interactions) },
      { label: 'Tasa de interacción (redes)', value: fmt.rate(r.totals.engagementRate) },
      { label: 'Publicaciones', value: fmt.count(r.totals.publications) },
    ]);
    if (r.channels.length === 0) {
      w.paragraph('Todavía no hay cifras de alcance: aparecen cuando se toman las primeras muestras de las publicaciones o se registran cifras a mano.');
      return;
    }
    for (const [metric, label] of [
      ['reach', 'Alcance'],
      ['interactions', 'Interacciones'],
    ] as const) {
      const head = ['Subcomponente', ...r.channels.map(channelName), 'Total'];
      const rows = r.bySubcomponent.map((s) => [s.name, ...r.channels.map((k) => fmt.count(s.byChannel[k]?.[metric] ?? 0)), fmt.count(s[metric])]);
      rows.push(['Total', ...r.channels.map((k) => fmt.count(r.byChannel.find((c) => c.key === k)?.[metric] ?? 0)), fmt.count(r.totals[metric])]);
      w.heading(`${label} por subcomponente y canal`, 10.5, w.tableLayout(head, rows, { totalRow: true }).whole);
      w.table(head, rows, { totalRow: true });
    }
    w.bars('Alcance por canal', r.byChannel.map((c) => ({ label: c.label, value: c.reach, text: fmt.count(c.reach) })));
    w.bars('Alcance por subcomponente', r.bySubcomponent.map((s) => ({ label: s.name, value: s.reach, text: fmt.count(s.reach) })), { color: w.p.secondary });
    w.bars('Interacciones por subcomponente', r.bySubcomponent.map((s) => ({ label: s.name, value: s.interactions, text: fmt.count(s.interactions) })), { color: w.p.secondary });
  },

  surveys(w, report) {
    if (report.surveys.length === 0) {
      w.paragraph('No hay encuestas publicadas.');
      return;
    }
    for (const s of report.surveys) surveyBlock(w, s, report.timeZone);
  },

  questions(w, report) {
    const q = report.questions;
    w.paragraph(deadlineText(q));
    w.gap(6);
    const figures = questionFigures(q);
    w.table(
      ['Preguntas', 'Cantidad'],
      figures.map((f) => [f.label, fmt.count(f.value)]),
    );
    w.bars(
      'Preguntas de la ciudadanía',
      figures.slice(0, 6).map((f) => ({ label: f.label, value: f.value, text: fmt.count(f.value) })),
    );
    if (q.publishedPercent !== null) w.note(`Respuestas publicadas: ${fmt.percent(q.publishedPercent)} de las preguntas recibidas y no descartadas${q.onTimePercent !== null ? `; a tiempo: ${fmt.percent(q.onTimePercent)} de las publicadas` : ''}.`);
  },

  evaluation(w, report) {
    for (const e of report.evaluation) {
      // A subcomponent's evaluation stays on one page when it fits in half of one.
      w.doc.font(F.regular).fontSize(10);
      const body = [e.strengths, e.weaknesses, e.improvements].reduce((h, text) => h + 16 + w.doc.heightOfString(text || '—', { width: CONTENT_W - 10, lineGap: 2 }) + 4, 0);
      w.heading(e.name, 12, body);
      if (!e.strengths && !e.weaknesses && !e.improvements) {
        w.paragraph(evaluationEmpty, { color: MUTED });
        continue;
      }
      for (const [label, text] of [
        ['Fortalezas', e.strengths],
        ['Debilidades', e.weaknesses],
        ['Oportunidades de mejora', e.improvements],
      ] as const) {
        w.paragraph(label, { font: F.semibold, size: 10, color: w.p.text });
        w.paragraph(text || '—', { indent: 10 });
        w.gap(4);
      }
    }
  },
};

function surveyBlock(w: Writer, s: SurveyResult, timeZone: string) {
  w.heading(s.title, 12);
  w.note(`${purposeLabel[s.purpose]} · ${surveyDates(s, timeZone)} · ${fmt.count(s.responses)} ${s.responses === 1 ? 'respuesta' : 'respuestas'}${s.open ? ' · abierta' : ''}`);
  w.gap(4);
  for (const q of s.questions) questionBlock(w, q);
}

function questionBlock(w: Writer, q: SurveyQuestionResult) {
  const title = `${q.position}. ${q.prompt} (${fmt.count(q.answers)} ${q.answers === 1 ? 'respuesta' : 'respuestas'})`;
  const isChoice = q.kind === 'single_choice' || q.kind === 'multiple_choice';
  if (q.answers === 0 && (isChoice || q.scale || q.matrix)) {
    w.paragraph(title, { font: F.semibold, size: 9.5 });
    w.note('Sin respuestas.');
    w.gap(6);
  } else if (isChoice) {
    w.bars(title, q.choices.map((c) => ({ label: c.label, value: c.count, text: `${fmt.count(c.count)} · ${fmt.percent(c.percent)}` })));
  } else if (q.scale) {
    const sc = q.scale;
    const ends = sc.minLabel || sc.maxLabel ? ` (${sc.min} = ${sc.minLabel ?? sc.min}; ${sc.max} = ${sc.maxLabel ?? sc.max})` : '';
    w.bars(
      `${title}: promedio ${fmt.mean(sc.mean)} de ${sc.max}${ends}`,
      sc.distribution.map((d) => ({ label: String(d.value), value: d.count, text: fmt.count(d.count) })),
      { color: w.p.secondary },
    );
  } else if (q.matrix) {
    const m = q.matrix;
    const head = ['', ...m.columns];
    const rows = m.rows.map((row, i) => [row, ...m.columns.map((_, j) => fmt.count(m.counts[i]?.[j] ?? 0))]);
    w.heading(title, 9.5, w.tableLayout(head, rows).whole);
    w.table(head, rows);
  } else {
    w.paragraph(`${q.position}. ${q.prompt}`, { font: F.semibold, size: 9.5 });
    w.note(`${fmt.count(q.answers)} ${q.answers === 1 ? 'respuesta' : 'respuestas'} de texto libre.`);
    w.gap(6);
  }
}

// ---------------------------------------------------------------- footers

function footers(w: Writer, opts: ReportPdfOptions) {
  const { doc } = w;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would start a new page: lift the margin while the footer is drawn.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 40;
    const n = i - range.start + 1;
    if (n > 1) {
      doc.moveTo(M.left, y - 8).lineTo(PAGE.width - M.right, y - 8).lineWidth(0.5).strokeColor(LINE).stroke();
      doc.font(F.regular).fontSize(8).fillColor(MUTED).text(`${reportTitle} · ${opts.brand.municipality}`, M.left, y, { width: CONTENT_W * 0.7, lineBreak: false, ellipsis: true });
    }
    doc.font(F.regular).fontSize(8).fillColor(n > 1 ? MUTED : INK).text(`Página ${n} de ${total}`, M.left, y, { width: CONTENT_W, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
