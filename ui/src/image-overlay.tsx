/**
 * An image with what the rewards saw drawn on it: predicted (red) and reference (green) boxes and
 * points in the sample's `image` pixel frame, GUI-G²'s Gaussians as dashed contour ellipses.
 * @module
 */
import { useState } from "preact/hooks";
import type { Overlay } from "./api";
import { boxRect, overlayViewBox, strokeFor } from "./draw-math";

export const PRED_COLOR = "#ff0000";
export const REF_COLOR = "#00c000";

export function ImageOverlay({
  src,
  overlay,
  width = 640,
}: {
  src: string;
  overlay: Overlay | null;
  width?: number;
}) {
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const view = overlayViewBox(overlay?.frame ?? null, natural);
  const stroke = view ? strokeFor(view, width) : 2;
  // References first, so a prediction on top of its reference stays visible.
  const shapes = (overlay?.shapes.filter((s) => s.pixels) ?? []).sort(
    (a, b) => Number(a.role === "pred") - Number(b.role === "pred"),
  );
  return (
    <div class="overlay" style={{ width: `${width}px` }}>
      <img
        src={src}
        alt="rollout input"
        style={{ width: `${width}px` }}
        onLoad={(e) => {
          const img = e.currentTarget as HTMLImageElement;
          setNatural({ width: img.naturalWidth, height: img.naturalHeight });
        }}
        onError={() => setFailed("the image could not be loaded (outside --images, or missing)")}
      />
      {failed ? <p class="error">{failed}</p> : null}
      {view ? (
        <svg
          class="overlay-svg"
          viewBox={`0 0 ${view.width} ${view.height}`}
          preserveAspectRatio="none"
          aria-label="predicted and reference geometry"
        >
          {overlay?.gaussians.map((g, i) =>
            g.contours.map((c) => (
              <ellipse
                key={`${i}-${c.level}`}
                cx={g.cx}
                cy={g.cy}
                rx={c.rx}
                ry={c.ry}
                fill="none"
                stroke={g.role === "pred" ? PRED_COLOR : REF_COLOR}
                stroke-width={stroke / 2}
                stroke-dasharray={`${stroke * 2} ${stroke * 2}`}
                opacity={0.8}
              >
                <title>{`${g.reward} ${g.role} Gaussian = ${c.level}`}</title>
              </ellipse>
            )),
          )}
          {shapes.map((s, i) => {
            const color = s.role === "pred" ? PRED_COLOR : REF_COLOR;
            const label = `${s.reward} ${s.role} ${s.kind} ${JSON.stringify(s.raw)} (${s.frame})`;
            if (s.kind === "box") {
              const r = boxRect(s.pixels!);
              return (
                <rect key={i} {...r} fill="none" stroke={color} stroke-width={stroke} data-role={s.role}>
                  <title>{label}</title>
                </rect>
              );
            }
            return (
              <circle
                key={i}
                cx={s.pixels![0]}
                cy={s.pixels![1]}
                r={stroke * 3}
                fill={color}
                data-role={s.role}
              >
                <title>{label}</title>
              </circle>
            );
          })}
        </svg>
      ) : null}
    </div>
  );
}
