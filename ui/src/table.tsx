/**
 * The rollout table, virtualised: only the rows in view (plus a margin) are in the DOM, fetched
 * from the server a page at a time, so a million rows scroll like ten.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { formatValue, getJson, type RowSummary, type RowsPage } from "./api";

export const ROW_HEIGHT = 24;
const PAGE = 200;
const OVERSCAN = 10;

export function RowTable({
  columns,
  params,
  total,
  selected,
  onSelect,
  sort,
  desc,
  onSort,
}: {
  columns: string[];
  params: string;
  total: number;
  selected: number | null;
  onSelect: (row: number, position: number) => void;
  sort: string;
  desc: boolean;
  onSort: (column: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, RowSummary[]>());
  const pending = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    pages.current = new Map();
    pending.current = new Set();
    setVersion((v) => v + 1);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [params]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const resize = new ResizeObserver(() => setHeight(el.clientHeight));
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      if (pages.current.has(page) || pending.current.has(page)) continue;
      pending.current.add(page);
      const map = pages.current;
      void getJson<RowsPage>(
        `api/rows?${params}${params ? "&" : ""}offset=${page * PAGE}&limit=${PAGE}`,
      ).then((body) => {
        if (pages.current !== map) return;
        map.set(page, body.rows);
        setVersion((v) => v + 1);
      });
    }
  }, [first, last, params]);

  const visible: Array<{ index: number; row: RowSummary | undefined }> = [];
  for (let i = first; i < last; i++)
    visible.push({ index: i, row: pages.current.get(Math.floor(i / PAGE))?.[i % PAGE] });

  const header = ["row", "id", "group", ...columns, "issues"];
  const template = `5em 8em 8em ${columns.map(() => "7em").join(" ")} minmax(10em, 1fr)`;
  return (
    <div class="table">
      <div class="thead" style={{ gridTemplateColumns: template }}>
        {header.map((name) => {
          const sortable = name === "row" || columns.includes(name);
          return (
            <div key={name} class={sortable ? "sortable" : ""} title={name}>
              {sortable ? (
                <button type="button" class="link" onClick={() => onSort(name)}>
                  {name.replace(/^components\./, "")}
                  {sort === name ? (desc ? " ▼" : " ▲") : ""}
                </button>
              ) : (
                name
              )}
            </div>
          );
        })}
      </div>
      <div
        class="tbody"
        ref={scroller}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      >
        <div style={{ height: `${total * ROW_HEIGHT}px`, position: "relative" }}>
          {visible.map(({ index, row }) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: the keyboard moves the selection with j / k (see Inspector)
            <div
              key={index}
              data-row={row?.row}
              class={`tr${row && row.row === selected ? " selected" : ""}${row?.dataError ? " data-error" : ""}`}
              style={{ top: `${index * ROW_HEIGHT}px`, gridTemplateColumns: template }}
              onClick={() => row && onSelect(row.row, index)}
            >
              {row ? (
                <>
                  <div>{row.row + 1}</div>
                  <div title={row.id ?? ""}>{row.id ?? "—"}</div>
                  <div title={row.group ?? ""}>{row.group ?? "—"}</div>
                  {columns.map((c) => (
                    <div key={c} class="num">
                      {formatValue(row.values[c])}
                    </div>
                  ))}
                  <div class="codes" title={row.issues.join(", ")}>
                    {row.issues.join(" ")}
                  </div>
                </>
              ) : (
                <div class="loading">…</div>
              )}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
