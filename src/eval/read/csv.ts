/**
 * A small RFC 4180 CSV parser (quoted fields, doubled quotes, CR/LF line ends, newlines inside
 * quotes), enough for the benchmark CSVs (VideoGen-RewardBench ships one).
 * @module
 */

/**
 * Parses CSV text into records keyed by the header row. Empty trailing lines are ignored; a
 * record shorter than the header gets empty strings.
 * @example
 * parseCsv('prompt,Overall\n"a, b",A\n'); // [{ prompt: "a, b", Overall: "A" }]
 */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  const nonEmpty = rows.filter((r) => r.length > 1 || r[0] !== "");
  const header = nonEmpty[0] ?? [];
  return nonEmpty.slice(1).map((cells) => {
    const record: Record<string, string> = {};
    header.forEach((name, k) => {
      record[name] = cells[k] ?? "";
    });
    return record;
  });
}
