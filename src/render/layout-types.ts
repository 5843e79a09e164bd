import type { BrandColors, FontId } from './types.js';

/**
 * The `layouts` block of a template manifest (templates/<id>/manifest.json): for each aspect
 * class (and optionally for one format), the slots that place fields, fixed texts, the logo,
 * photo, QR code, icons and figure cards on the canvas.
 */

/** Layout rules are chosen by the canvas's aspect ratio (width / height). */
export type AspectClass = 'banner' | 'wide' | 'square' | 'tall';

/** x, y, w, h as fractions (0–1) of the canvas width and height. */
export type Box = [number, number, number, number];
export type Align = 'left' | 'center' | 'right';
export type VAlign = 'top' | 'middle' | 'bottom';
/** A brand color, or the best readable color (text / onPrimary / black / white) on top of one. */
export type ColorRole = keyof BrandColors | 'onAccent' | 'onSecondary';
export type IconName = 'calendar' | 'pin' | 'clock' | 'broadcast' | 'chat' | 'building';

/** Common to every slot: where it goes and when it applies ("photo" / "!photo": field filled or not). */
type SlotBase = { box: Box; if?: string };

export type TextSlot = SlotBase & {
  kind: 'text';
  /** Pango markup written by the template author; `{field}`, `{field.date}`, `{field.time}`, `{brand.municipality}` are replaced by escaped values. */
  text: string;
  /** The field named in errors when the text does not fit (default: the first placeholder). */
  field?: string;
  font: 'heading' | 'body' | FontId;
  color: ColorRole;
  /** Font size range in units of min(width, height). */
  size: [number, number];
  align?: Align;
  valign?: VAlign;
  lineHeight?: number;
  /** Extra space between letters, in em. */
  tracking?: number;
  uppercase?: boolean;
  /** Keep the text's own lines (no wrapping): shrink instead. */
  nowrap?: boolean;
  /** Even out the lengths of wrapped lines (titles). */
  balance?: boolean;
  /** Slots of one group share the smallest fitted size. */
  group?: string;
  /** Draws a rounded pill behind the text; padding in em of the fitted size. */
  pill?: { color: ColorRole; padX: number; padY: number };
  /** Starts right after the logo as drawn (its box's left edge is a minimum). */
  after?: 'logo';
  /** Member of a layout stack: packed with the other members instead of staying in its box. */
  stack?: string;
  /** Space above this member of a stack, instead of the stack's gap. */
  gapBefore?: number;
};

export type LogoSlot = SlotBase & { kind: 'logo'; align?: Align; valign?: VAlign; chip?: ColorRole };
export type PhotoSlot = SlotBase & { kind: 'photo'; field: string; radius?: number };
export type QrSlot = SlotBase & { kind: 'qr'; field: string; align?: Align; valign?: VAlign };
export type IconSlot = SlotBase & { kind: 'icon'; icon: IconName; color: ColorRole; align?: Align; valign?: VAlign };
export type FiguresSlot = SlotBase & {
  kind: 'figures';
  field: string;
  /** Gap between cards, in units of min(width, height). */
  gap: number;
  /** Preferred card aspect (width / height) when choosing columns. */
  cellAspect: number;
  card: ColorRole;
  figureColor: ColorRole;
  labelColor: ColorRole;
  figureSize: [number, number];
  labelSize: [number, number];
};

export type Slot = TextSlot | LogoSlot | PhotoSlot | QrSlot | IconSlot | FiguresSlot;
/**
 * A stack packs its text slots one below the other, in slot order, with `gap` (units of
 * min(width, height)) between them, aligned by `valign` inside the union of their boxes; empty
 * members leave no hole. Each member still fits its own box, so the stack never overflows.
 */
export type Stack = { valign: VAlign; gap: number };
export type Layout = { slots: Slot[]; stacks?: Record<string, Stack> };
