import type { AspectClass, Layout } from './layout-types.js';

/**
 * Types of the rendering module. The public ones are re-exported by index.ts; the layout
 * types (layout-types.ts) describe the `layouts` block of each `templates/<id>/manifest.json`.
 */

export type FontId = 'inter-regular' | 'inter-semibold' | 'inter-bold' | 'inter-extrabold';

export type BrandColors = {
  primary: string;
  secondary: string;
  accent: string;
  background: string;
  text: string;
  onPrimary: string;
};

export type BrandKit = {
  municipality: string;
  logoSvg: string;
  colors: BrandColors;
  fonts: { heading: FontId; body: FontId };
};

export type FormatId =
  | 'x_post' | 'ig_square' | 'ig_portrait' | 'story' | 'facebook_link' | 'youtube_thumbnail' | 'web_banner'
  | 'poster_a3' | 'invitation_card' | 'pendon' | 'valla' | 'newspaper_notice';

export type Format = {
  id: FormatId;
  label: string;
  kind: 'digital' | 'print';
  width: number;
  height: number;
  dpi: number;
  maxBytes: number | null;
};

export type FieldType = 'text' | 'long_text' | 'datetime' | 'number' | 'image' | 'figures';

export type FieldDef = {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Extra check for text fields: 'url' accepts only http(s) addresses. */
  format?: 'url';
};


export type { Align, AspectClass, Box, ColorRole, FiguresSlot, IconName, IconSlot, Layout, LogoSlot, PhotoSlot, QrSlot, Slot, Stack, TextSlot, VAlign } from './layout-types.js';

export type TemplateManifest = {
  id: string;
  version: number;
  name: string;
  description: string;
  fields: FieldDef[];
  formats: FormatId[];
  /** Example content as an office would write it: the gallery's thumbnails, the editor's first preview, the tests. */
  sample: FieldValues;
  /** The field that names the piece (checked in alt texts). */
  titleField: string;
  /**
   * Alt-text sentences; a sentence is left out when one of its placeholders is empty, or when
   * it starts with `[field]` / `[!field]` and that field is empty / filled.
   */
  alt: string[];
  /** File name of the SVG design (background) inside templates/<id>/. */
  design: string;
  /** One layout per aspect class, and optionally one for a particular format (it wins). */
  layouts: Record<AspectClass, Layout> & Partial<Record<FormatId, Layout>>;
};

export type ImageValue = { bytes: Buffer; mimeType: string };
export type FigureValue = { figure: string; label: string };
export type FieldValues = Record<string, unknown>;

export type OutputType = 'png' | 'jpeg' | 'webp';

export type RenderRequest = {
  template: TemplateManifest;
  values: FieldValues;
  brand: BrandKit;
  format: FormatId;
  output: OutputType;
  timeZone?: string;
  scale?: number;
};

export type RenderResult = {
  buffer: Buffer;
  mimeType: string;
  width: number;
  height: number;
  dpi: number;
  bytes: number;
  altText: string;
  svg: string;
};
