/**
 * Geometry of the drawing: shapes come in the sample's `image` pixel frame (converted on the
 * server by the rewards' own frame code); the SVG's viewBox is that frame, stretched over the
 * displayed image, so a pixel of the original image lands where the browser shows it.
 * @module
 */

/** The viewBox of the overlay: the sample's `image` size, else the image file's natural size. */
export function overlayViewBox(
  frame: { width: number; height: number } | null,
  natural: { width: number; height: number } | null,
): { width: number; height: number } | null {
  if (frame && frame.width > 0 && frame.height > 0) return frame;
  if (natural && natural.width > 0 && natural.height > 0) return natural;
  return null;
}

/** An SVG rect for a box `[x1, y1, x2, y2]` in any corner order. */
export function boxRect(box: readonly number[]): { x: number; y: number; width: number; height: number } {
  const [x1, y1, x2, y2] = box as [number, number, number, number];
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

/**
 * Where a point of the overlay frame appears on screen, for an image displayed at
 * `displayed` (its CSS box) with the overlay's viewBox `view`.
 */
export function toScreen(
  point: readonly [number, number],
  view: { width: number; height: number },
  displayed: { left: number; top: number; width: number; height: number },
): [number, number] {
  return [
    displayed.left + (point[0] / view.width) * displayed.width,
    displayed.top + (point[1] / view.height) * displayed.height,
  ];
}

/** A stroke width that stays about `px` screen pixels whatever the viewBox scale. */
export function strokeFor(view: { width: number }, displayedWidth: number, px = 2): number {
  return displayedWidth > 0 ? (px * view.width) / displayedWidth : px;
}
