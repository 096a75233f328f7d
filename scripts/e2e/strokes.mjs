// Hand-written digit drawings for the end-to-end tests, from
// scripts/train/strokes.json (the training code's: its Go test renders the
// same strokes).
//
//   import { e2eDrawings, drawStrokes } from './strokes.mjs';
//   for (const d of e2eDrawings()) await drawStrokes(page, page.locator('canvas#draw'), d.strokes);
//
// A shape is a list of strokes, each a list of [x, y] points in a unit box
// (y down). A style places it on the canvas: slant, turn, scale and centre,
// in canvas-relative coordinates (0..1).

import { readFileSync } from 'node:fs';

const file = JSON.parse(readFileSync(new URL('../train/strokes.json', import.meta.url), 'utf8'));

/** The playground's brush width as a fraction of the canvas width. */
export const brush = file.brush;

/** The styles: { name, center: [x, y], height, shear, rotate }. */
export const styles = file.styles;

/**
 * Maps a point of the unit box to canvas-relative coordinates, as
 * strokeStyle.place does in scripts/train/strokes.go.
 */
export function place(style, [x, y]) {
  let u = x - 0.5;
  let v = y - 0.5;
  u -= style.shear * v;
  const a = (style.rotate * Math.PI) / 180;
  [u, v] = [u * Math.cos(a) - v * Math.sin(a), u * Math.sin(a) + v * Math.cos(a)];
  return [style.center[0] + style.height * u, style.center[1] + style.height * v];
}

function placed(digit, variant, style) {
  return {
    digit,
    name: `${variant.name} ${style.name}`,
    strokes: variant.strokes.map((stroke) => stroke.map((p) => place(style, p))),
  };
}

/** Every variant of every digit in every style: { digit, name, strokes }. */
export function allDrawings() {
  return file.digits.flatMap(({ digit, variants }) =>
    variants.flatMap((variant) => styles.map((style) => placed(digit, variant, style))));
}

/**
 * Each digit once per style, the digit's variants taking turns: the set the
 * browser test draws (every style and every variant appear).
 */
export function e2eDrawings() {
  return file.digits.flatMap(({ digit, variants }) =>
    styles.map((style, i) => placed(digit, variants[i % variants.length], style)));
}

/**
 * Draws the strokes with the mouse on the canvas located by canvas: press at
 * each stroke's first point, move through the others, release. Points closer
 * than minStep CSS pixels to the last one sent are skipped (the pad smooths
 * its strokes, and every mouse event costs a round trip to the browser).
 */
export async function drawStrokes(page, canvas, strokes, { minStep = 8 } = {}) {
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const stroke of strokes) {
    let last = at(stroke[0]);
    await page.mouse.move(...last);
    await page.mouse.down();
    for (let i = 1; i < stroke.length; i++) {
      const p = at(stroke[i]);
      if (i < stroke.length - 1 && Math.hypot(p[0] - last[0], p[1] - last[1]) < minStep) continue;
      await page.mouse.move(...p);
      last = p;
    }
    await page.mouse.up();
  }
}
