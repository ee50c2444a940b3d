/**
 * A fast path for the one shape Visual-RFT models almost always emit,
 * `[{'Position': [x1, y1, x2, y2], 'Confidence': c}, …]`: a hand-written scanner that returns
 * exactly what `json.loads(text.replace("'", '"'))` returns for that shape, or `undefined` for
 * anything else (the caller then takes the general path). It skips the quote replacement and
 * `JSON.parse`, the bulk of the detection rewards' cost.
 * @module
 */

/** A parsed Visual-RFT prediction in the canonical shape. */
interface CanonicalItem {
  Position: number[];
  Confidence: number;
}

const MAX_NUMBER_LENGTH = 300;

class Scanner {
  index = 0;
  constructor(readonly text: string) {}

  space(): void {
    const t = this.text;
    let i = this.index;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    }
    this.index = i;
  }

  char(code: number): boolean {
    this.space();
    if (this.text.charCodeAt(this.index) !== code) return false;
    this.index++;
    return true;
  }

  /** A key in either quote (a `'` becomes `"` in the released code, so both are quotes). */
  key(name: string): boolean {
    this.space();
    const t = this.text;
    const open = t.charCodeAt(this.index);
    if (open !== 0x27 && open !== 0x22) return false;
    if (!t.startsWith(name, this.index + 1)) return false;
    const close = t.charCodeAt(this.index + 1 + name.length);
    if (close !== 0x27 && close !== 0x22) return false;
    this.index += name.length + 2;
    return this.char(0x3a);
  }

  /** A JSON number (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), converted as JSON.parse does. */
  number(): number | undefined {
    this.space();
    const t = this.text;
    const start = this.index;
    let i = start;
    const negative = t.charCodeAt(i) === 0x2d;
    if (negative) i++;
    const first = t.charCodeAt(i);
    let integer = 0;
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) {
      for (let c = first; isDigit(c); c = t.charCodeAt(++i)) integer = integer * 10 + (c - 0x30);
    } else return undefined;
    const next = t.charCodeAt(i);
    if (next !== 0x2e && next !== 0x65 && next !== 0x45 && i - start <= 15) {
      // A plain integer of at most 15 digits is exact in a double: no string conversion needed.
      this.index = i;
      return negative ? -integer : integer;
    }
    if (t.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(t.charCodeAt(i))) return undefined;
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = t.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!isDigit(t.charCodeAt(i))) return undefined;
      while (isDigit(t.charCodeAt(i))) i++;
    }
    if (i - start > MAX_NUMBER_LENGTH) return undefined;
    this.index = i;
    return Number(t.slice(start, i));
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function item(s: Scanner): CanonicalItem | undefined {
  if (!s.char(0x7b) || !s.key("Position") || !s.char(0x5b)) return undefined;
  const position: number[] = [];
  for (let k = 0; k < 4; k++) {
    if (k > 0 && !s.char(0x2c)) return undefined;
    const n = s.number();
    if (n === undefined) return undefined;
    position.push(n);
  }
  if (!s.char(0x5d) || !s.char(0x2c) || !s.key("Confidence")) return undefined;
  const confidence = s.number();
  if (confidence === undefined || !s.char(0x7d)) return undefined;
  return { Position: position, Confidence: confidence };
}

/**
 * The canonical Visual-RFT list, parsed as the released code would parse it, or `undefined`
 * when the text has any other shape.
 * @example
 * parseCanonicalVisualRftList("[{'Position': [1, 2, 3, 4], 'Confidence': 0.5}]");
 * // [{ Position: [1, 2, 3, 4], Confidence: 0.5 }]
 * parseCanonicalVisualRftList("[{'Confidence': 0.5, 'Position': [1, 2, 3, 4]}]"); // undefined (general path)
 */
export function parseCanonicalVisualRftList(text: string): CanonicalItem[] | undefined {
  const s = new Scanner(text);
  if (!s.char(0x5b)) return undefined;
  const items: CanonicalItem[] = [];
  do {
    const next = item(s);
    if (!next) return undefined;
    items.push(next);
  } while (s.char(0x2c));
  if (!s.char(0x5d)) return undefined;
  s.space();
  return s.index === text.length ? items : undefined;
}
