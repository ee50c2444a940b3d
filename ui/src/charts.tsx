/**
 * Batch statistics and histograms (SVG), one small chart per column.
 * @module
 */
import { type ColumnStats, formatValue, type IssueCount } from "./api";

function Histogram({ stats }: { stats: ColumnStats }) {
  const max = Math.max(1, ...stats.bins);
  const w = 160;
  const h = 40;
  const barW = w / Math.max(1, stats.bins.length);
  return (
    <svg
      class="hist"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`histogram of ${stats.name}`}
    >
      {stats.bins.map((count, i) => {
        const bh = (count / max) * (h - 2);
        return <rect key={i} x={i * barW + 0.5} y={h - bh} width={barW - 1} height={bh} />;
      })}
    </svg>
  );
}

export function StatsBar({
  stats,
  issues,
  total,
  onIssue,
}: {
  stats: ColumnStats[];
  issues: IssueCount[];
  total: number;
  onIssue: (code: string) => void;
}) {
  return (
    <section class="stats" aria-label="batch statistics">
      {stats.map((s) => (
        <figure key={s.name} class="stat" data-column={s.name}>
          <figcaption>
            <b>{s.name}</b> mean {formatValue(s.mean)} · [{formatValue(s.min)}, {formatValue(s.max)}]
            {s.nulls ? ` · ${s.nulls} null` : ""}
          </figcaption>
          <Histogram stats={s} />
        </figure>
      ))}
      <figure class="stat issues-stat">
        <figcaption>
          <b>issues</b> in {total} rows
        </figcaption>
        <ul>
          {issues.slice(0, 8).map((i) => (
            <li key={i.code}>
              <button type="button" class="link" onClick={() => onIssue(i.code)}>
                {i.code}
              </button>{" "}
              {i.rows}
            </li>
          ))}
        </ul>
      </figure>
    </section>
  );
}
