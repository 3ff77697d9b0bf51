// Page geometry, type scale and fonts of the PDF report.

export const PAGE = {
  size: 'A4' as const,
  width: 595.28,
  height: 841.89,
  margin: { top: 66, bottom: 62, left: 54, right: 54 },
};

export const CONTENT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/** Names registered by fonts.ts (Noto Sans); `mono` is the regular face, as the package ships no mono. */
export const FONT = {
  regular: 'regular',
  semibold: 'semibold',
  bold: 'bold',
  italic: 'italic',
  mono: 'regular',
} as const;

export type FontName = keyof typeof FONT;

export const SIZE = {
  title: 26,
  h1: 18,
  h2: 12.5,
  h3: 10,
  body: 9.5,
  small: 8,
  table: 7.5,
  tiny: 6.5,
} as const;
