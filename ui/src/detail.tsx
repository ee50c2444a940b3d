/**
 * The detail of one rollout: prompt, completion with the parsed answer highlighted, components
 * with their issue messages, the group and its advantages, judge replies, images with geometry.
 * Everything is rendered as text nodes (Preact escapes them): completions are untrusted.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { formatValue, getJson, type RowDetail } from "./api";
import { ImageOverlay } from "./image-overlay";

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((m) => m && typeof m === "object" && "role" in m)) {
    return value
      .map((m) => {
        const msg = m as { role?: unknown; content?: unknown };
        return `[${String(msg.role ?? "?")}] ${typeof msg.content === "string" ? msg.content : JSON.stringify(msg.content)}`;
      })
      .join("\n");
  }
  if (value === undefined || value === null) return "";
  const compact = JSON.stringify(value);
  return compact.length <= 100 ? compact : JSON.stringify(value, null, 2);
}

function Highlighted({ text, spans }: { text: string; spans: Array<[number, number]> }) {
  const parts = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} class="answer">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  parts.push(text.slice(at));
  return <pre class="completion">{parts}</pre>;
}

export function DetailView({ row, onSelect }: { row: number; onSelect: (row: number) => void }) {
  const [detail, setDetail] = useState<RowDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDetail(null);
    setError(null);
    getJson<RowDetail>(`api/rows/${row}`).then(setDetail, (e: Error) => setError(e.message));
  }, [row]);
  if (error) return <aside class="detail error">{error}</aside>;
  if (!detail) return <aside class="detail">loading row {row + 1}…</aside>;
  const { record, sample, summary } = detail;
  const completion = textOf(sample?.completion);
  const issues = Array.isArray(record?.issues)
    ? (record.issues as Array<{ reward: string; code: string; message: string }>)
    : [];
  const components = (record?.components ?? {}) as Record<string, number | null>;
  const isEval = !("components" in (record ?? {})) && record !== null && "scores" in record;
  return (
    <aside class="detail" aria-label="rollout detail">
      <h2>
        Row {row + 1}
        {summary.id ? ` · id ${summary.id}` : ""}
        {summary.group ? ` · group ${summary.group}` : ""}
        {summary.dataError ? <span class="badge data">data error</span> : null}
      </h2>
      {detail.rawLine !== undefined ? (
        <>
          <p class="error">This line is not a JSON object (a data error):</p>
          <pre>{detail.rawLine}</pre>
        </>
      ) : null}
      {record && !isEval ? (
        <table class="components">
          <tbody>
            <tr>
              <th>reward</th>
              <td class="num">{formatValue(record.reward as number | null)}</td>
              <td />
            </tr>
            {"advantage" in record ? (
              <tr>
                <th>advantage</th>
                <td class="num">{formatValue(record.advantage as number | null)}</td>
                <td />
              </tr>
            ) : null}
            {Object.entries(components).map(([name, value]) => (
              <tr key={name}>
                <th>{name}</th>
                <td class="num">{formatValue(value)}</td>
                <td>
                  {issues
                    .filter((i) => i.reward === name)
                    .map((i) => (
                      <div key={i.code} class="issue">
                        <code>{i.code}</code> {i.message}
                      </div>
                    ))}
                </td>
              </tr>
            ))}
            {issues
              .filter((i) => !(i.reward in components))
              .map((i) => (
                <tr key={`${i.reward}-${i.code}`}>
                  <th>{i.reward}</th>
                  <td />
                  <td class="issue">
                    <code>{i.code}</code> {i.message}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : null}
      {isEval && record ? <EvalRow record={record} /> : null}
      {detail.overlay?.errors.map((e) => (
        <p key={e.message} class="error">
          <code>{e.code}</code> {e.message}
        </p>
      ))}
      {detail.images.map((image) => (
        <figure key={image.k}>
          <ImageOverlay
            src={`api/rows/${row}/images/${image.k}`}
            overlay={image.k === 0 ? detail.overlay : null}
          />
          <figcaption>
            image {image.k} ({image.role})
          </figcaption>
        </figure>
      ))}
      {sample?.prompt !== undefined ? (
        <>
          <h3>Prompt</h3>
          <pre class="prompt">{textOf(sample.prompt)}</pre>
        </>
      ) : null}
      {sample ? (
        <>
          <h3>Completion</h3>
          <Highlighted
            text={completion}
            spans={typeof sample.completion === "string" ? detail.answerSpans : []}
          />
          {sample.reference !== undefined ? (
            <>
              <h3>Reference</h3>
              <pre>{textOf(sample.reference)}</pre>
            </>
          ) : null}
        </>
      ) : (
        <p class="hint">No sample text on this line: pass the scored rollouts with --samples.</p>
      )}
      {detail.details ? (
        <>
          <h3>Judge replies and kept values</h3>
          {Object.entries(detail.details).map(([name, kept]) => (
            <div key={name} class="kept">
              <b>{name}</b>
              <pre>{JSON.stringify(kept, null, 2)}</pre>
            </div>
          ))}
        </>
      ) : null}
      {detail.group.length ? (
        <>
          <h3>Group ({detail.group.length})</h3>
          <table class="group">
            <thead>
              <tr>
                <th>row</th>
                <th>reward</th>
                <th>advantage</th>
                <th>issues</th>
              </tr>
            </thead>
            <tbody>
              {detail.group.map((g) => (
                <tr key={g.row} class={g.row === row ? "selected" : ""} onClick={() => onSelect(g.row)}>
                  <td>{g.row + 1}</td>
                  <td class="num">{formatValue(g.values.reward)}</td>
                  <td class="num">{formatValue(g.values.advantage)}</td>
                  <td>{g.issues.join(" ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </aside>
  );
}

function EvalRow({ record }: { record: Record<string, unknown> }) {
  const scores = Array.isArray(record.scores) ? (record.scores as Array<number | null>) : [];
  return (
    <>
      {typeof record.question === "string" ? <pre class="prompt">{record.question}</pre> : null}
      <div class="side-by-side">
        {scores.map((s, k) => (
          <div key={k} class={`candidate${record.label === String.fromCharCode(65 + k) ? " preferred" : ""}`}>
            <b>{String.fromCharCode(65 + k)}</b> score {formatValue(s)}
          </div>
        ))}
      </div>
      <p>
        label {String(record.label ?? "—")} · margin {formatValue(record.margin as number | null)} · correct{" "}
        {formatValue(record.correct as number | null)}
        {record.parsedVerdict ? ` · verdict ${String(record.parsedVerdict)}` : ""}
        {record.skipped ? ` · skipped: ${String(record.skipped)}` : ""}
        {record.reason ? ` · ${String(record.reason)}` : ""}
      </p>
    </>
  );
}
