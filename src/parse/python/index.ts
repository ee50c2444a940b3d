/**
 * CPython semantics the released reward code relies on, in one place: which characters are
 * whitespace (`str.strip`, `str.split`, `re`'s `\s`), `float()`, `int()` limits and `max`/`min`
 * with NaN, `json.loads` (with its NaN/Infinity extensions and recursion limit) and
 * `ast.literal_eval`. Every family imports these from here so a preset reads text and ground
 * truth exactly as the released Python does. `round` is `roundLikePython` in `core/`.
 * @module
 */
export { decimalDigitValue, isDecimalDigit, isFloatStrippable } from "./chars.js";
export { pythonFloat, pythonFloatBox } from "./float.js";
export {
  isJsonValueStart,
  isPyDict,
  PY_JSON_MAX_DEPTH,
  type PyJson,
  pyJsonLoads,
  skipJsonSpace,
} from "./json.js";
export { pythonLiteralEval } from "./literal.js";
export { PyDict, PyOpaque, PyTuple, type PyValue, pyKey } from "./literal-values.js";
export { PY_DIGIT, PY_INT_MAX_DIGITS, pyInt, pyIntFromDigits, pyMax, pyMin, pyNumber } from "./numbers.js";
export { collapsePythonWhitespace, pythonSplit } from "./strings.js";
export { isPythonSpace, PYTHON_SPACE_CLASS, pythonStrip, skipPythonSpace } from "./whitespace.js";
