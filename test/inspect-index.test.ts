import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildRowIndex,
  columnStats,
  issueCounts,
  loadInspectSource,
  readRowText,
  rowDetail,
  selectRows,
  summarizeRow,
} from "../src/inspect/index.js";
import { writeGroundingFixture } from "./support/inspect-fixtures.js";

let fixture: Awaited<ReturnType<typeof writeGroundingFixture>>;
beforeAll(async () => {
  fixture = await writeGroundingFixture();
});

function writeLines(name: string, lines: string[]): string {
  const path = join(fixture.dir, name);
  writeFileSync(path, lines.join("\n"));
  return path;
}

describe("row index", () => {
  it("keeps every line's byte offsets, numeric columns (null as NaN), issue codes and data errors", () => {
    const index = buildRowIndex(fixture.scoredPath);
    expect(index.kind).toBe("scored");
    expect(index.count).toBe(5);
    expect(index.columnNames).toEqual(["reward", "advantage", "components.format", "components.iou"]);
    expect(Array.from(index.columns.get("components.iou")!)).toEqual([1, 0.5, 0, 0, Number.NaN]);
    expect(JSON.parse(readRowText(index, 2)).id).toBe("none");
    expect(summarizeRow(index, 4)).toMatchObject({
      id: "nosize",
      values: { reward: null, "components.iou": null, "components.format": 1 },
      issues: ["missing_image_size"],
      dataError: true,
    });
    expect(Array.from(index.dataError)).toEqual([0, 0, 0, 0, 1]);
  });

  it("reads multi-byte text, CRLF, blank lines and a last line without newline at the right offsets", () => {
    const path = join(fixture.dir, "mixed.jsonl");
    writeFileSync(
      path,
      '{"reward":1,"components":{},"issues":[],"id":"é😀"}\r\n\n{"reward":2,"components":{},"issues":[]}\nnot json\n{"reward":null,"components":{},"issues":[]}',
    );
    const index = buildRowIndex(path);
    expect(index.count).toBe(4);
    expect(JSON.parse(readRowText(index, 0)).id).toBe("é😀");
    expect(readRowText(index, 2)).toBe("not json");
    expect(index.badLines).toBe(1);
    expect(summarizeRow(index, 2)).toMatchObject({ issues: ["invalid_json_line"], dataError: true });
    expect(Array.from(index.columns.get("reward")!)).toEqual([1, 2, Number.NaN, Number.NaN]);
  });

  it("reads eval rows: margin, correct and each candidate's score; category as group; dataError flag", () => {
    const path = writeLines("rows.jsonl", [
      JSON.stringify({
        index: 0,
        id: "p1",
        category: "chat",
        label: "A",
        scores: [0.9, 0.2],
        margin: 0.7,
        correct: 1,
      }),
      JSON.stringify({
        index: 1,
        id: "p2",
        category: "code",
        label: "B",
        scores: [null, 0.4],
        margin: null,
        correct: null,
        skipped: "no prediction",
        dataError: true,
      }),
    ]);
    const index = buildRowIndex(path);
    expect(index.kind).toBe("eval");
    expect(index.columnNames).toEqual(["margin", "correct", "score_0", "score_1"]);
    expect(summarizeRow(index, 1)).toMatchObject({
      id: "p2",
      group: "code",
      values: { margin: null, score_0: null, score_1: 0.4 },
      issues: ["data_error", "skipped"],
      dataError: true,
    });
  });
});

describe("queries", () => {
  it("sorts with nulls last in both directions, ties in file order", () => {
    const index = buildRowIndex(fixture.scoredPath);
    expect(Array.from(selectRows(index, { sort: "reward" }))).toEqual([2, 3, 1, 0, 4]);
    expect(Array.from(selectRows(index, { sort: "reward", desc: true }))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(selectRows(index, { desc: true }))).toEqual([4, 3, 2, 1, 0]);
  });

  it("filters by component range (inclusive, null never matches), issue code, group and data errors", () => {
    const index = buildRowIndex(fixture.scoredPath);
    expect(Array.from(selectRows(index, { ranges: { "components.iou": { min: 0.5 } } }))).toEqual([0, 1]);
    expect(Array.from(selectRows(index, { ranges: { "components.iou": { max: 0.5 } } }))).toEqual([1, 2, 3]);
    expect(Array.from(selectRows(index, { issue: "no_box_found" }))).toEqual([2]);
    expect(Array.from(selectRows(index, { issue: "not_a_code" }))).toEqual([]);
    expect(Array.from(selectRows(index, { group: "g2" }))).toEqual([]); // scored lines have no group
    expect(Array.from(selectRows(index, { dataErrors: true }))).toEqual([4]);
    expect(
      Array.from(selectRows(index, { sort: "advantage", desc: true, ranges: { reward: { min: 1 } } })),
    ).toEqual([0, 1, 3, 2]);
    expect(() => selectRows(index, { ranges: { nope: { min: 0 } } })).toThrow(/unknown column nope/);
  });

  it("takes groups and ids from --samples when the scored lines have none", () => {
    const source = loadInspectSource({ file: fixture.scoredPath, samples: fixture.samplesPath });
    expect(source.index.groups).toEqual(["g1", "g2"]);
    expect(Array.from(selectRows(source.index, { group: "g2" }))).toEqual([3, 4]);
    const detail = rowDetail(source, 1);
    expect(detail.group.map((g) => [g.id, g.values.advantage])).toEqual([
      ["hit", 0.9998000399920016],
      ["half", 0],
      ["none", -0.9998000399920016],
    ]);
    expect(detail.sample?.completion).toBe(fixture.samples[1]!.completion);
    const completion = detail.sample!.completion as string;
    expect(detail.answerSpans.map(([s, e]) => completion.slice(s, e))).toEqual(["[20,10,40,40]"]);
    expect(() =>
      loadInspectSource({ file: fixture.scoredPath, samples: writeLines("short.jsonl", ["{}"]) }),
    ).toThrow(/has 1 samples but .* has 5 rows/);
  });

  it("computes histograms and issue counts over the selected rows", () => {
    const index = buildRowIndex(fixture.scoredPath);
    const [reward] = columnStats(index, selectRows(index, {}), 4);
    // rewards 2, 1.5, 1, 1 over [1, 2] in 4 bins: [1, 1.25) ×2, [1.5, 1.75) ×1, last bin holds the max.
    expect(reward).toEqual({
      name: "reward",
      count: 4,
      nulls: 1,
      mean: 1.375,
      min: 1,
      max: 2,
      bins: [2, 0, 1, 1],
    });
    expect(issueCounts(index, selectRows(index, {}))).toEqual([
      { code: "missing_image_size", rows: 1 },
      { code: "no_box_found", rows: 1 },
    ]);
  });

  it("filters in one pass over the cached order: the work is linear in the rows", () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ reward: (i * 7919) % 1000, components: { a: i % 3 }, issues: [] }),
      );
    const small = buildRowIndex(writeLines("small.jsonl", lines(1000)));
    const large = buildRowIndex(writeLines("large.jsonl", lines(8000)));
    const count = (index: typeof small) => {
      let calls = 0;
      const values = index.columns.get("components.a")!;
      const counting = new Proxy(values, {
        get(target, key) {
          if (typeof key === "string" && /^\d+$/.test(key)) calls++;
          return Reflect.get(target, key);
        },
      });
      index.columns.set("components.a", counting as unknown as Float64Array);
      selectRows(index, { sort: "reward" }); // order cached outside the count
      calls = 0;
      const rows = selectRows(index, { sort: "reward", ranges: { "components.a": { min: 1, max: 1 } } });
      index.columns.set("components.a", values);
      return { calls, rows: rows.length };
    };
    const a = count(small);
    const b = count(large);
    // One read per row, a second one when the lower bound holds (a ≥ 1: two rows in three).
    expect(a.calls).toBe(1000 + 666);
    expect(b.calls).toBe(8000 + 5333); // 2667 + 2666 rows have a ≥ 1
    expect(b.calls / a.calls).toBeCloseTo(8, 2);
    expect(b.rows).toBe(2667); // i ≡ 1 (mod 3) for i < 8000
  });
});
