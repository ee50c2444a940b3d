/**
 * The inspector page: stats and histograms of the current selection on top, filters, the
 * virtualised table, and the detail of the selected row.
 * @module
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { getJson, queryParams, type RowsPage, type Summary, type TableQuery } from "./api";
import { StatsBar } from "./charts";
import { DetailView } from "./detail";
import { RowTable } from "./table";

const EMPTY: TableQuery = { sort: "row", desc: false, ranges: {}, issue: "", group: "", dataErrors: false };

export function Inspector() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [query, setQuery] = useState<TableQuery>(EMPTY);
  const [page, setPage] = useState<RowsPage | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [position, setPosition] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const params = useMemo(() => queryParams(query).toString(), [query]);

  useEffect(() => {
    getJson<Summary>("api/summary").then(setSummary, (e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    setError(null);
    getJson<RowsPage>(`api/rows?${params}${params ? "&" : ""}limit=0&stats=1`).then(setPage, (e: Error) =>
      setError(e.message),
    );
  }, [params]);

  useEffect(() => {
    setPosition(-1);
  }, [params]);
  useEffect(() => {
    // j / k: next / previous row of the current order (not while typing in a filter).
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest("input, select, textarea") || !page) return;
      const step = e.key === "j" ? 1 : e.key === "k" ? -1 : 0;
      if (!step) return;
      const next = Math.min(page.total - 1, Math.max(0, position + step));
      if (next === position) return;
      getJson<RowsPage>(`api/rows?${params}${params ? "&" : ""}offset=${next}&limit=1`).then((body) => {
        const row = body.rows[0];
        if (!row) return;
        setPosition(next);
        setSelected(row.row);
      });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [page, params, position]);

  if (!summary) return <main class="loading">{error ?? "indexing…"}</main>;
  const setRange = (name: string, side: "min" | "max", value: string) => {
    const current = query.ranges[name] ?? { min: "", max: "" };
    setQuery({ ...query, ranges: { ...query.ranges, [name]: { ...current, [side]: value } } });
  };
  const onSort = (column: string) =>
    setQuery({ ...query, sort: column, desc: query.sort === column ? !query.desc : column !== "row" });
  return (
    <main class="inspector">
      <header>
        <h1>plaudit inspect</h1>
        <span class="file">{summary.path}</span>
        <span>
          {summary.count} rows · {summary.groups} groups
          {summary.dataErrors ? <span class="badge data">{summary.dataErrors} data errors</span> : null}
          {summary.badLines ? <span class="badge data">{summary.badLines} lines not JSON</span> : null}
        </span>
      </header>
      {page?.stats ? (
        <StatsBar
          stats={page.stats}
          issues={page.issues ?? []}
          total={page.total}
          onIssue={(code) => setQuery({ ...query, issue: code })}
        />
      ) : null}
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="filters">
        {summary.columns.map((name) => (
          <label key={name} class="range">
            {name.replace(/^components\./, "")}
            <input
              name={`min.${name}`}
              inputMode="decimal"
              placeholder="min"
              value={query.ranges[name]?.min ?? ""}
              onChange={(e) => setRange(name, "min", (e.currentTarget as HTMLInputElement).value)}
            />
            <input
              name={`max.${name}`}
              inputMode="decimal"
              placeholder="max"
              value={query.ranges[name]?.max ?? ""}
              onChange={(e) => setRange(name, "max", (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        ))}
        <label>
          issue
          <select
            name="issue"
            value={query.issue}
            onChange={(e) => setQuery({ ...query, issue: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">any</option>
            {summary.issueCodes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          group
          <input
            name="group"
            value={query.group}
            onChange={(e) => setQuery({ ...query, group: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            name="dataErrors"
            checked={query.dataErrors}
            onChange={(e) =>
              setQuery({ ...query, dataErrors: (e.currentTarget as HTMLInputElement).checked })
            }
          />
          data errors only
        </label>
        <button type="button" onClick={() => setQuery(EMPTY)}>
          reset
        </button>
        <output name="matching">{page ? `${page.total} matching` : ""}</output>
        {error ? <span class="error">{error}</span> : null}
      </form>
      <div class="panes">
        <RowTable
          columns={summary.columns}
          params={params}
          total={page?.total ?? 0}
          selected={selected}
          onSelect={(row, at) => {
            setSelected(row);
            setPosition(at);
          }}
          sort={query.sort}
          desc={query.desc}
          onSort={onSort}
        />
        {selected !== null ? (
          <DetailView row={selected} onSelect={setSelected} />
        ) : (
          <p class="hint">Click a row (or press j / k) to see it in full.</p>
        )}
      </div>
    </main>
  );
}
