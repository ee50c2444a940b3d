/**
 * The values {@link pythonLiteralEval} produces besides JSON-like ones: tuples, dicts keyed the
 * way Python hashes, opaque stand-ins for values the GUI rewards never compute with, and the
 * canonical dict key of a value ({@link pyKey}).
 * @module
 */

/**
 * A tuple (`(1, 2)` or a bare `1, 2`).
 * @example
 * (pythonLiteralEval("1, 2") as PyTuple).items; // [1, 2]
 */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/**
 * A dict; keys are canonical strings (see {@link pyKey}) so `0`, `0.0` and `False` collide as in Python.
 * @example
 * (pythonLiteralEval("{0: 'a', False: 'b'}") as PyDict).entries; // Map { "n:0" => "b" }
 */
export class PyDict {
  constructor(readonly entries: Map<string, PyValue>) {}
}

/**
 * A value the GUI rewards never compute with.
 * @example
 * pythonLiteralEval("b'x'"); // PyOpaque { kind: "bytes", key: "y:x" }
 */
export class PyOpaque {
  constructor(
    readonly kind: "bytes" | "complex" | "set" | "ellipsis" | "big-int" | "named-escape-str",
    readonly key: string,
  ) {}
}

/**
 * A Python literal value.
 * @example
 * const value: PyValue = [1, "a", null, new PyTuple([true])];
 */
export type PyValue = number | boolean | null | string | PyValue[] | PyTuple | PyDict | PyOpaque;

/**
 * Thrown internally where Python raises; never escapes {@link pythonLiteralEval}.
 * @example
 * if (!ok) throw FAIL;
 */
export class LiteralError extends Error {}

/**
 * The one {@link LiteralError} instance every failure throws (no stack to build per failure).
 * @example
 * if (!ok) throw FAIL;
 */
export const FAIL = new LiteralError("not a Python literal");

let opaqueCounter = 0;

/**
 * A fresh number for keys that must never collide (each NaN, set and `\N{…}` string is distinct).
 * @example
 * nextOpaqueId() !== nextOpaqueId(); // true
 */
export function nextOpaqueId(): number {
  return opaqueCounter++;
}

/**
 * The dict key of a value, canonical so that keys Python considers equal collide: `n:1` for
 * `1`, `1.0` and `True`. Unhashable values (lists, dicts, sets) raise TypeError in Python.
 * @throws LiteralError for an unhashable value.
 * @example
 * pyKey(1) === pyKey(true); // true ("n:1")
 * pyKey(new PyTuple(["a", null])); // "t(s:a,None)"
 */
export function pyKey(value: PyValue): string {
  if (typeof value === "number") return Number.isNaN(value) ? `nan:${nextOpaqueId()}` : `n:${value}`;
  if (typeof value === "boolean") return value ? "n:1" : "n:0";
  if (value === null) return "None";
  if (typeof value === "string") return `s:${value}`;
  if (value instanceof PyTuple) return `t(${value.items.map(pyKey).join(",")})`;
  if (value instanceof PyOpaque && value.kind !== "set") return value.key;
  throw FAIL;
}
