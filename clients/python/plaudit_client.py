"""plaudit_client: use a running ``plaudit serve`` from Python trainers (standard library only).

* TRL ``GRPOTrainer``: ``reward_funcs=plaudit_reward(url)`` (or ``components=True`` for one
  function per component, so TRL logs each);
* verl: ``custom_reward_function.path`` = this file, ``name`` = ``compute_score`` (or
  ``compute_score_batch`` with the ``batch`` reward manager);
* OpenRLHF needs nothing: ``--remote_rm_url http://host:port/get_reward``.

Requests are retried with exponential backoff and full jitter on connection errors, 5xx and 429
(honouring ``Retry-After``); any other 4xx fails at once, because retrying a bad request cannot
succeed. Each thread keeps one keep-alive connection per server.

Data errors (broken input data: a reference that does not parse, an image size the recipe's
frames need, an invalid sample) never pass silently: their reward is null, the verl dicts carry
``data_errors`` (1 or 0), TRL gets the ``plaudit/data_errors`` metric, and every batch with data
errors logs one warning with the counts on the ``plaudit_client`` logger.

Model-server failures (a judge or reward model that failed after retries, timed out or answered
unparseably) are reported the same way: their reward is null, never 0; the verl dicts of recipes
that call models carry ``server_errors`` (1 or 0), TRL gets ``plaudit/server_errors``, and every
batch with failures logs one warning.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
import zlib
import http.client
import urllib.parse
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence

__all__ = [
    "PlauditClient",
    "PlauditError",
    "plaudit_reward",
    "trl_reward_weights",
    "trl_samples",
    "compute_score",
    "compute_score_batch",
    "verl_sample",
    "server_error_flags",
    "warn_server_errors",
]

#: Dataset columns read as the sample's ``reference``, first present wins.
REFERENCE_KEYS = ("reference", "solution", "ground_truth", "answer", "label")
#: Keyword arguments TRL passes that are not dataset columns.
_TRL_RESERVED = {"prompts", "completions", "completion_ids", "trainer_state", "log_extra", "log_metric", "environments"}
#: Columns mapped to sample fields rather than ``meta``.
_SAMPLE_COLUMNS = {"id", "group", "image", "images", "image_size", "input_image", "input_image_size", "meta"}
#: Issue codes of kind ``data`` (broken input data), as in plaudit's ``ISSUE_KINDS``; a test holds
#: every data code of the server here and no code of another kind (codes of newer servers may be
#: listed ahead). A sample with one of them counts as a data error.
DATA_ISSUE_CODES = frozenset(
    {
        "invalid_sample",
        "reference_unparseable",
        "missing_image_size",
        "invalid_image_size",
        "missing_required_meta",
        "invalid_meta",
        "group_of_one",
        "image_not_allowed",
        "image_unreadable",
        "no_image",
        "reference_no_face",
    }
)

#: Issue codes of kind ``server`` (a judge or model server failed), as in plaudit's ``ISSUE_KINDS``;
#: a test holds every server code of the server here. A sample with one of them has a null reward.
SERVER_ISSUE_CODES = frozenset(
    {
        "judge_error",
        "judge_timeout",
        "judge_unparseable",
        "judge_label_missing",
        "model_error",
        "model_timeout",
    }
)

logger = logging.getLogger("plaudit_client")


def _is_data_error(issue: Mapping[str, Any]) -> bool:
    # An advantage's group_of_one leaves the reward valid, and the trainers this client serves
    # compute their own advantages: it does not make the reward they receive untrustworthy.
    return issue.get("code") in DATA_ISSUE_CODES and issue.get("reward") != "advantage"


def data_error_flags(results: Sequence[Mapping[str, Any]]) -> List[int]:
    """1 for each result whose reward is not trustworthy because of broken input data (an issue of
    kind ``data``, see :data:`DATA_ISSUE_CODES`; not an advantage's ``group_of_one``), else 0.

    >>> data_error_flags([{"issues": [{"reward": "iou", "code": "missing_image_size"}]}, {"issues": []}])
    [1, 0]
    """
    return [1 if any(_is_data_error(i) for i in r.get("issues", ())) else 0 for r in results]


def _warn_flagged(
    results: Sequence[Mapping[str, Any]],
    counts: Callable[[Mapping[str, Any]], bool],
    where: str,
    what: str,
) -> int:
    """Logs one warning with the counts by code of the issues ``counts`` selects, over the results
    that have any; returns the number of such results."""
    by_code: Dict[str, int] = {}
    count = 0
    for result in results:
        codes = sorted({i.get("code") for i in result.get("issues", ()) if counts(i)})
        if not codes:
            continue
        count += 1
        for code in codes:
            by_code[code] = by_code.get(code, 0) + 1
    if count:
        listed = ", ".join("%s x%d" % (code, n) for code, n in sorted(by_code.items()))
        logger.warning("plaudit: %d of %d samples in this %s %s: %s", count, len(results), where, what, listed)
    return count


def warn_data_errors(results: Sequence[Mapping[str, Any]], where: str = "batch") -> int:
    """Logs one warning for a batch with data errors (counts by issue code) and returns their number.

    >>> warn_data_errors([{"issues": [{"code": "reference_unparseable"}]}])  # logs once
    1
    """
    return _warn_flagged(results, _is_data_error, where, "have data errors (broken input data; their reward is null)")


def server_error_flags(results: Sequence[Mapping[str, Any]]) -> List[int]:
    """1 for each result whose judge or model server failed (an issue of kind ``server``, see
    :data:`SERVER_ISSUE_CODES`; its reward is null), else 0.

    >>> server_error_flags([{"issues": [{"reward": "judge", "code": "judge_timeout"}]}, {"issues": []}])
    [1, 0]
    """
    return [1 if any(i.get("code") in SERVER_ISSUE_CODES for i in r.get("issues", ())) else 0 for r in results]


def warn_server_errors(results: Sequence[Mapping[str, Any]], where: str = "batch") -> int:
    """Logs one warning for a batch whose judge or model server failed (counts by issue code) and
    returns the number of such samples.

    >>> warn_server_errors([{"issues": [{"code": "judge_error"}]}])  # logs once
    1
    """
    return _warn_flagged(
        results,
        lambda issue: issue.get("code") in SERVER_ISSUE_CODES,
        where,
        "got no reward because a judge or model server failed (reward null, not 0)",
    )


def _json_default(value: Any) -> Any:
    """Converts numpy values (verl's parquet columns arrive as numpy arrays and scalars) for JSON."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError("%s is not JSON serializable" % type(value).__name__)


class PlauditError(Exception):
    """A request the server refused (a 4xx other than 429), or one that kept failing after retries."""

    def __init__(self, message: str, status: Optional[int] = None, body: Any = None):
        super().__init__(message)
        self.status = status
        self.body = body


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: Optional[float] = None):
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after_seconds(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            import email.utils

            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):
            return None


class PlauditClient:
    """A small JSON client for one plaudit server.

    >>> client = PlauditClient("http://127.0.0.1:8000")
    >>> client.score([{"completion": "<answer>3</answer>", "reference": "3"}])["results"][0]["reward"]
    """

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        timeout: float = 180.0,
        max_retries: int = 6,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
    ):
        parsed = urllib.parse.urlsplit(url if "://" in url else "http://" + url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError("plaudit url must be http(s)://host:port, got %r" % url)
        self.scheme = parsed.scheme
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        # A base URL; a route pasted by mistake (…/v1/score, …/get_reward) is dropped.
        path = parsed.path.rstrip("/")
        for route in ("/v1/score", "/get_reward", "/v1/recipes", "/healthz", "/metrics"):
            if path.endswith(route):
                path = path[: -len(route)]
        self.base_path = path
        self.token = token if token is not None else os.environ.get("PLAUDIT_TOKEN")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._local = threading.local()

    # -- transport ---------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            conn = cls(self.host, self.port, timeout=self.timeout)
            self._local.conn = conn
        return conn

    def _drop_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
        self._local.conn = None

    def _once(self, method: str, path: str, body: Optional[bytes]) -> Any:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        conn = self._connection()
        try:
            conn.request(method, self.base_path + path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            # Covers refused/reset connections, timeouts and a keep-alive socket the server closed.
            self._drop_connection()
            raise _Retryable("%s %s: %s" % (method, path, error)) from error
        if response.getheader("Connection", "").lower() == "close":
            self._drop_connection()
        status = response.status
        text = data.decode("utf-8", "replace")
        if status == 429 or status >= 500:
            raise _Retryable("%s %s: HTTP %d %s" % (method, path, status, text[:300]), _retry_after_seconds(response.getheader("Retry-After")))
        if status >= 400:
            try:
                payload = json.loads(text)
            except ValueError:
                payload = text
            message = payload.get("message", text) if isinstance(payload, dict) else text
            raise PlauditError("%s %s: HTTP %d: %s" % (method, path, status, message), status, payload)
        return json.loads(text) if text else None

    def request(self, method: str, path: str, payload: Any = None) -> Any:
        """Sends one JSON request with retries and returns the parsed JSON reply."""
        body = None if payload is None else json.dumps(payload, allow_nan=False, default=_json_default).encode("utf-8")
        attempt = 0
        while True:
            try:
                return self._once(method, path, body)
            except _Retryable as error:
                if attempt >= self.max_retries:
                    raise PlauditError("%s (gave up after %d attempts)" % (error, attempt + 1)) from error
                # Full jitter: a herd of trainer workers must not retry in lockstep.
                delay = random.uniform(0, min(self.backoff_max, self.backoff_base * (2**attempt)))
                if error.retry_after is not None:
                    delay = max(delay, error.retry_after)
                time.sleep(delay)
                attempt += 1

    def close(self) -> None:
        """Closes this thread's keep-alive connection (a later request opens a new one)."""
        self._drop_connection()

    # -- API ---------------------------------------------------------------------------------

    def score(self, samples: Sequence[Mapping[str, Any]], recipe: Optional[str] = None, columnar: bool = False) -> Dict[str, Any]:
        """``POST /v1/score``: returns ``{"recipe", "results", "stats"}``, results in input order.

        ``columnar=True`` asks the server for its compact columnar body (one array per field; less
        to serialise, send and decode on large batches) and returns the same shape as the default.
        """
        payload: Dict[str, Any] = {"samples": list(samples)}
        if recipe is not None:
            payload["recipe"] = recipe
        if columnar:
            payload["format"] = "columnar"
            return _rows_from_columnar(self.request("POST", "/v1/score", payload))
        return self.request("POST", "/v1/score", payload)

    def recipes(self) -> Dict[str, Any]:
        """``GET /v1/recipes``: the loaded recipes, their components and the sample JSON Schema."""
        return self.request("GET", "/v1/recipes")

    def recipe_components(self) -> Dict[str, Any]:
        """``{"default": name, "components": {recipe: [component, ...]}}``, fetched once per client
        (a server loads its recipes at start, so they do not change while it runs)."""
        cached = getattr(self, "_recipe_components", None)
        if cached is None:
            info = self.recipes()
            cached = {
                "default": info["default"],
                "components": {r["name"]: [c["name"] for c in r["components"]] for r in info["recipes"]},
                "calls_models": {r["name"]: bool(r.get("callsModels")) for r in info["recipes"]},
            }
            self._recipe_components = cached
        return cached

    def calls_models(self, recipe: Optional[str] = None) -> bool:
        """Whether a loaded recipe (the default one when ``recipe`` is None) calls a model server."""
        info = self.recipe_components()
        return bool(info["calls_models"].get(recipe if recipe is not None else info["default"]))

    def components(self, recipe: Optional[str] = None) -> List[str]:
        """Component names of a recipe (the default one when ``recipe`` is None)."""
        info = self.recipes()
        name = recipe if recipe is not None else info["default"]
        for entry in info["recipes"]:
            if entry["name"] == name:
                return [c["name"] for c in entry["components"]]
        raise PlauditError("no recipe named %r is loaded; loaded: %s" % (name, [r["name"] for r in info["recipes"]]))

    def health(self) -> Dict[str, Any]:
        """``GET /healthz``."""
        return self.request("GET", "/healthz")


_clients: Dict[tuple, PlauditClient] = {}
_clients_lock = threading.Lock()


def _rows_from_columnar(body: Mapping[str, Any]) -> Dict[str, Any]:
    """Turns the server's ``format: columnar`` body back into ``{"recipe", "results", "stats"}``."""
    count = body["count"]
    names = list(body["components"])
    advantages = body.get("advantages")
    results: List[Dict[str, Any]] = []
    for i in range(count):
        result: Dict[str, Any] = {}
        if body["ids"][i] is not None:
            result["id"] = body["ids"][i]
        result["reward"] = body["rewards"][i]
        result["components"] = {name: body["components"][name][i] for name in names}
        if advantages is not None:
            result["advantage"] = advantages[i]
        result["issues"] = []
        results.append(result)
    for issue in body["issues"]:
        results[issue["index"]]["issues"].append({k: issue[k] for k in ("reward", "code", "message")})
    return {"recipe": body["recipe"], "results": results, "stats": body["stats"]}


def _shared_client(url: str, token: Optional[str] = None, **options: Any) -> PlauditClient:
    """One client per (url, token, options), so connections are reused across calls."""
    key = (url, token, tuple(sorted(options.items())))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = PlauditClient(url, token=token, **options)
        return client


# -- sample building ----------------------------------------------------------------------------


def _size(value: Any) -> Optional[Dict[str, float]]:
    """An image size from ``(w, h)``, ``{"width", "height"}``, a PIL image (``.size``) or a list of those."""
    if value is None:
        return None
    if callable(getattr(value, "tolist", None)) and not hasattr(value, "getbbox"):
        value = value.tolist()  # a numpy array such as array([640, 480])
    if isinstance(value, Mapping):
        if "width" in value and "height" in value:
            return {"width": value["width"], "height": value["height"]}
        return None
    if isinstance(value, (list, tuple)):
        if len(value) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return {"width": value[0], "height": value[1]}
        return _size(value[0]) if value else None
    size = getattr(value, "size", None)  # PIL.Image.size is (width, height)
    if isinstance(size, tuple) and len(size) == 2:
        return {"width": size[0], "height": size[1]}
    return None


def _text(content: Any) -> str:
    """Text of a message content: a string, or the text parts of a multimodal part list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, Mapping) and part.get("type", "text") == "text")
    return "" if content is None else str(content)


def _completion_text(completion: Any) -> Any:
    """The text of a completion: a string as is; for a conversational completion, the text of its
    last assistant message, as the server reads it. A message list without an assistant message
    is sent as text-only messages, so the server reports it as an ``invalid_sample``."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list):
        for message in reversed(completion):
            if isinstance(message, Mapping) and message.get("role") == "assistant":
                return _text(message.get("content"))
        return _prompt_value(completion)
    return "" if completion is None else str(completion)


def _prompt_value(prompt: Any) -> Any:
    """A JSON-safe prompt: strings as is, messages with text-only content (images are not sent)."""
    if isinstance(prompt, str) or prompt is None:
        return prompt
    if isinstance(prompt, list):
        return [{"role": str(m.get("role", "user")), "content": _text(m.get("content"))} for m in prompt if isinstance(m, Mapping)]
    return str(prompt)


def _json_safe(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, (list, tuple, dict)) or callable(getattr(value, "tolist", None)):
        try:
            json.dumps(value, allow_nan=False, default=_json_default)
            return True
        except (TypeError, ValueError):
            return False
    return False


def _apply_columns(sample: Dict[str, Any], columns: Mapping[str, Any], reference_keys: Sequence[str]) -> None:
    """Maps dataset columns (already taken at one row) to sample fields; other JSON-safe columns go to ``meta``."""
    for key in reference_keys:
        if key in columns and columns[key] is not None:
            sample["reference"] = columns[key]
            break
    for key in ("image", "input_image"):
        size = _size(columns.get(key + "_size")) or _size(columns.get(key))
        if key == "image" and size is None:
            size = _size(columns.get("images"))
        if size is not None:
            sample[key] = size
    if columns.get("id") is not None and isinstance(columns["id"], (str, int)):
        sample["id"] = columns["id"]
    if columns.get("group") is not None and isinstance(columns["group"], (str, int)):
        sample["group"] = columns["group"]
    meta = dict(columns["meta"]) if isinstance(columns.get("meta"), Mapping) else {}
    for key, value in columns.items():
        if key in _SAMPLE_COLUMNS or key in reference_keys or key in _TRL_RESERVED:
            continue
        if _json_safe(value):
            meta[key] = value
    if meta:
        sample["meta"] = meta


def _image_fingerprint(value: Any, seen: Optional[Dict[int, str]] = None) -> Any:
    """What identifies an image for grouping: a content hash for PIL images and arrays (computed
    once per object and call, in ``seen``), the value itself for sizes, paths and URLs, one entry
    per image for lists."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _image_fingerprint(v, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_image_fingerprint(v, seen) for v in value]
    tobytes = getattr(value, "tobytes", None)
    if callable(tobytes):
        if seen is not None and id(value) in seen:
            return seen[id(value)]
        size = getattr(value, "size", None)
        shape = getattr(value, "shape", None)
        mode = getattr(value, "mode", "")
        fingerprint = "image:%s:%s:%s:%08x" % (size, shape, mode, zlib.crc32(tobytes()) & 0xFFFFFFFF)
        if seen is not None:
            seen[id(value)] = fingerprint
        return fingerprint
    return "%s:%s" % (type(value).__name__, getattr(value, "size", id(value)))


def _group_key(sample: Mapping[str, Any], row: Mapping[str, Any], seen: Dict[int, str]) -> str:
    """What identifies a prompt: its text, its images (content, not only size) and its reference."""
    images = [_image_fingerprint(row.get(key), seen) for key in ("image", "images", "image_size", "input_image", "input_image_size")]
    return json.dumps([sample.get("prompt"), sample.get("reference"), images], sort_keys=True, default=str)


def _trl_meta(sample: Dict[str, Any], i: int, completion_ids: Any, trainer_state: Any) -> None:
    """TRL-reserved arguments a reward can use: ``completion_ids`` → ``meta.completion_ids`` (token
    lengths, token-mode repetition, DAPO's overlong penalty), ``trainer_state.global_step`` →
    ``meta.step`` (step-dependent rewards such as Vision-R1's adaptive thresholds). A dataset column
    of the same name wins."""
    meta = sample.get("meta") or {}
    if completion_ids is not None and i < len(completion_ids) and "completion_ids" not in meta:
        ids = completion_ids[i]
        tolist = getattr(ids, "tolist", None)
        meta["completion_ids"] = tolist() if callable(tolist) else list(ids)
    step = getattr(trainer_state, "global_step", None)
    if isinstance(step, int) and not isinstance(step, bool) and "step" not in meta:
        meta["step"] = step
    if meta:
        sample["meta"] = meta


def trl_samples(
    prompts: Sequence[Any],
    completions: Sequence[Any],
    reference_keys: Sequence[str] = REFERENCE_KEYS,
    group_column: Optional[str] = None,
    **columns: Any,
) -> List[Dict[str, Any]]:
    """Turns a TRL reward-function call into plaudit samples.

    Standard (strings) and conversational (message lists) formats are both accepted. Dataset
    columns map to sample fields: ``solution``/``ground_truth``/… → ``reference``;
    ``image_size``, ``image`` or ``images`` (PIL images or ``(w, h)``) → ``image``;
    ``input_image_size`` → ``input_image``. TRL's own arguments: ``completion_ids`` →
    ``meta.completion_ids``, ``trainer_state.global_step`` → ``meta.step``. Other JSON-safe
    columns go to ``meta``.

    Groups: the ``group_column`` column when given (e.g. a prompt id), else a ``group`` column,
    else samples sharing a prompt are one group, where a prompt is its text *and* its images (by
    content) *and* its reference, so rows that share a text but not an image or a solution are
    apart. Groups are named ``g<first index>``.

    >>> trl_samples(["2+1?"], ["3"], solution=["3"])[0]
    {'completion': '3', 'prompt': '2+1?', 'reference': '3', 'group': 'g0'}
    """
    n = len(completions)
    completion_ids = columns.get("completion_ids")
    trainer_state = columns.get("trainer_state")
    samples: List[Dict[str, Any]] = []
    first_of_key: Dict[str, int] = {}
    seen_images: Dict[int, str] = {}
    for i in range(n):
        prompt = prompts[i] if i < len(prompts) else None
        sample: Dict[str, Any] = {"completion": _completion_text(completions[i])}
        prompt_value = _prompt_value(prompt)
        if prompt_value is not None:
            sample["prompt"] = prompt_value
        row = {key: values[i] for key, values in columns.items() if isinstance(values, (list, tuple)) and i < len(values)}
        _apply_columns(sample, row, reference_keys)
        _trl_meta(sample, i, completion_ids, trainer_state)
        if group_column is not None:
            value = row.get(group_column)
            if value is None:
                raise PlauditError("group_column %r has no value for row %d" % (group_column, i))
            sample["group"] = value if isinstance(value, (str, int)) and not isinstance(value, bool) else json.dumps(value, default=str)
            if isinstance(sample.get("meta"), dict):
                sample["meta"].pop(group_column, None)
                if not sample["meta"]:
                    del sample["meta"]
        elif "group" not in sample:
            key = _group_key(sample, row, seen_images)
            sample["group"] = "g%d" % first_of_key.setdefault(key, i)
        samples.append(sample)
    return samples


# -- TRL ----------------------------------------------------------------------------------------


def plaudit_reward(
    url: str,
    recipe: Optional[str] = None,
    components: bool = False,
    token: Optional[str] = None,
    reference_keys: Sequence[str] = REFERENCE_KEYS,
    timeout: float = 180.0,
    max_retries: int = 6,
    group_column: Optional[str] = None,
) -> Any:
    """A TRL ``GRPOTrainer`` reward function backed by ``POST /v1/score``.

    Returns one function ``plaudit_reward(prompts, completions, **kwargs) -> list[float | None]``
    (``None`` where the reward does not apply, which TRL treats as NaN). With
    ``components=True`` returns a list: that function first, then ``plaudit_<component>`` for
    each component of the recipe, all sharing one HTTP call per batch. TRL sums reward
    functions, so pass ``reward_weights=trl_reward_weights(funcs)`` (1 for the combined reward,
    0 for the components) to train on plaudit's reward while TRL logs every component.

    ``group_column`` names a dataset column that identifies the prompt (see :func:`trl_samples`
    for the default grouping). Each batch logs ``plaudit/data_errors`` (samples with broken input
    data) through TRL's ``log_metric`` and warns once when it is not 0.

    >>> trainer = GRPOTrainer(model=..., reward_funcs=plaudit_reward("http://127.0.0.1:8000"), ...)
    """
    client = PlauditClient(url, token=token, timeout=timeout, max_retries=max_retries)
    lock = threading.Lock()
    cache: Dict[str, Any] = {"prompts": None, "completions": None, "results": None}

    def results_for(prompts: Sequence[Any], completions: Sequence[Any], columns: Mapping[str, Any]) -> List[Dict[str, Any]]:
        # TRL calls every reward function with the same list objects for one batch: the first call
        # scores, the others reuse it. Identity (not equality) keeps two equal batches apart.
        with lock:
            if cache["completions"] is completions and cache["prompts"] is prompts:
                return cache["results"]
            samples = trl_samples(prompts, completions, reference_keys, group_column, **columns)
            results = client.score(samples, recipe)["results"]
            cache.update(prompts=prompts, completions=completions, results=results)
            data_errors = warn_data_errors(results)
            server_errors = warn_server_errors(results)
            log_extra = columns.get("log_extra")
            if callable(log_extra):
                log_extra("plaudit_issues", [", ".join(sorted({i["code"] for i in r["issues"]})) for r in results])
            log_metric = columns.get("log_metric")
            if callable(log_metric):
                try:
                    log_metric("plaudit/data_errors", float(data_errors))
                    if server_errors or client.calls_models(recipe):
                        log_metric("plaudit/server_errors", float(server_errors))
                except TypeError:  # a trainer whose log_metric takes other arguments: logging is best effort
                    pass
            return results

    def combined(prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> List[Optional[float]]:
        return [r["reward"] for r in results_for(prompts, completions, kwargs)]

    combined.__name__ = "plaudit_reward"
    if not components:
        return combined

    def component_function(name: str) -> Callable[..., List[Optional[float]]]:
        def score(prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> List[Optional[float]]:
            return [r["components"].get(name) for r in results_for(prompts, completions, kwargs)]

        score.__name__ = "plaudit_" + name
        return score

    return [combined] + [component_function(name) for name in client.components(recipe)]


def trl_reward_weights(functions: Sequence[Callable[..., Any]]) -> List[float]:
    """``GRPOConfig.reward_weights`` for ``plaudit_reward(..., components=True)``: 1 for the combined reward, 0 for components."""
    return [1.0 if getattr(f, "__name__", "") == "plaudit_reward" else 0.0 for f in functions]


# -- verl ---------------------------------------------------------------------------------------


def _verl_settings(kw: Mapping[str, Any]) -> Dict[str, Any]:
    nested = kw.get("reward_kwargs") if isinstance(kw.get("reward_kwargs"), Mapping) else {}
    merged = dict(nested)
    merged.update({k: v for k, v in kw.items() if k != "reward_kwargs"})
    url = merged.get("url") or os.environ.get("PLAUDIT_URL")
    if not url:
        raise PlauditError("no plaudit url: set custom_reward_function.reward_kwargs.url or the PLAUDIT_URL environment variable")
    merged["url"] = url
    return merged


def _recipe_for(data_source: Any, settings: Mapping[str, Any]) -> Optional[str]:
    """``recipes`` maps a data_source to a recipe name (``"*"`` as fallback); else ``recipe``; else the server default."""
    mapping = settings.get("recipes")
    if isinstance(mapping, str):
        mapping = json.loads(mapping)
    if isinstance(mapping, Mapping):
        if data_source in mapping:
            return mapping[data_source]
        if "*" in mapping:
            return mapping["*"]
    return settings.get("recipe")


def verl_sample(solution_str: str, ground_truth: Any, extra_info: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """One verl row as a plaudit sample: ``solution_str`` → completion, ``ground_truth`` → reference,
    ``extra_info`` sizes (``image_size``/``image``/``input_image_size``/``input_image``), ``group``
    and ``id`` → sample fields, the rest of ``extra_info`` (JSON-safe values) → ``meta``.

    >>> verl_sample("<answer>3</answer>", "3", {"index": 7})
    {'completion': '<answer>3</answer>', 'reference': '3', 'meta': {'index': 7}}
    """
    sample: Dict[str, Any] = {"completion": solution_str if isinstance(solution_str, str) else str(solution_str)}
    if ground_truth is not None:
        sample["reference"] = ground_truth
    if isinstance(extra_info, Mapping):
        _apply_columns(sample, extra_info, ())
    return sample


def _component_key(name: str) -> str:
    """A component's key in a verl dict: its name, except names the dict itself uses."""
    return "component_" + name if name in ("score", "data_errors", "server_errors") else name


def _selectable_recipes(client: "PlauditClient", settings: Mapping[str, Any]) -> List[str]:
    """The recipes the settings can select: ``recipes`` values, and the fallback ``recipe`` or the
    server default when ``recipes`` has no ``"*"``."""
    mapping = settings.get("recipes")
    if isinstance(mapping, str):
        mapping = json.loads(mapping)
    selectable: List[str] = []
    if isinstance(mapping, Mapping):
        selectable.extend(str(v) for v in mapping.values())
    if not (isinstance(mapping, Mapping) and "*" in mapping):
        selectable.append(settings.get("recipe") or client.recipe_components()["default"])
    return selectable


def _verl_calls_models(client: "PlauditClient", settings: Mapping[str, Any]) -> bool:
    """Whether a recipe the settings can select calls a model server (the dicts then carry ``server_errors``)."""
    return any(client.calls_models(recipe) for recipe in _selectable_recipes(client, settings))


def _verl_keys(client: "PlauditClient", settings: Mapping[str, Any], results: Sequence[Mapping[str, Any]]) -> List[str]:
    """The component keys every verl dict of a call carries: the components of every recipe the
    settings can select (``recipes`` values, and the fallback ``recipe`` or the server default when
    ``recipes`` has no ``"*"``), then any extra component of these results (e.g. a Pareto mask).
    verl builds ``reward_extra_info`` arrays key by key, so the keys must not vary between samples."""
    names: List[str] = []
    info = client.recipe_components()
    for recipe in _selectable_recipes(client, settings):
        for name in info["components"].get(recipe, ()):
            if name not in names:
                names.append(name)
    for result in results:
        for name in result["components"]:
            if name not in names:
                names.append(name)
    return names


def _verl_result(
    result: Mapping[str, Any],
    names: Sequence[str],
    null_score: float,
    acc_key: Optional[str],
    acc_from: str,
    server_errors: bool = False,
) -> Dict[str, Any]:
    reward = result["reward"]
    out: Dict[str, Any] = {"score": null_score if reward is None else reward}
    components = result["components"]
    for name in names:
        value = components.get(name)
        out[_component_key(name)] = null_score if value is None else value
    out["data_errors"] = data_error_flags([result])[0]
    if server_errors:
        out["server_errors"] = server_error_flags([result])[0]
    if acc_key and acc_key not in out:
        source = out["score"] if acc_from == "score" else out.get(_component_key(acc_from), null_score)
        out[acc_key] = source
    return out


def _verl_output_settings(settings: Mapping[str, Any]) -> Dict[str, Any]:
    acc_key = settings.get("acc_key", "acc")
    return {
        "null_score": float(settings.get("null_score", 0.0)),
        "acc_key": str(acc_key) if acc_key else None,
        "acc_from": str(settings.get("acc_from", "score")),
    }


def _verl_group(extra_info: Any, uid: Any) -> Any:
    """verl's per-prompt id: ``extra_info.group``, else ``extra_info.uid``, else the ``uids`` entry."""
    if isinstance(extra_info, Mapping):
        for key in ("group", "uid"):
            value = extra_info.get(key)
            if value is not None:
                return value
    return uid


def _client_for(settings: Mapping[str, Any]) -> PlauditClient:
    options = {}
    if "timeout" in settings:
        options["timeout"] = float(settings["timeout"])
    if "max_retries" in settings:
        options["max_retries"] = int(settings["max_retries"])
    return _shared_client(settings["url"], settings.get("token"), **options)


def compute_score(data_source: Any, solution_str: str, ground_truth: Any, extra_info: Optional[Mapping[str, Any]] = None, **kw: Any) -> Dict[str, Any]:
    """verl custom reward function (naive/dapo/prime managers and the reward loop).

    Returns ``{"score": reward, <component>: value, ..., "data_errors": 0 | 1, "acc": reward}``;
    verl logs every key. A null reward or component is sent as ``null_score`` (default 0.0), since
    verl needs a number; ``data_errors`` is 1 when the sample's input data is broken (its reward
    is null), so the run's own metrics show it. For recipes that call a model server the dicts also
    carry ``server_errors`` (1 when the judge or model failed for that sample: reward null). The keys are the same on every call (the
    components of every recipe the settings can select), as verl's ``reward_extra_info`` needs.
    Settings come from keyword arguments (verl merges ``custom_reward_function.reward_kwargs``
    into them): ``url`` (else env ``PLAUDIT_URL``), ``token`` (else env ``PLAUDIT_TOKEN``),
    ``recipe``, ``recipes`` (``{data_source: recipe}``, ``"*"`` as fallback), ``null_score``,
    ``acc_key`` (default ``"acc"``, the metric DAPO's group filter reads; ``""`` for none),
    ``acc_from`` (``"score"``, the combined reward, or a component name; a component already named
    like ``acc_key`` keeps its own value), ``timeout``, ``max_retries``.

    One call scores one sample, so recipes whose combination or advantage needs whole groups
    report ``group_of_one``: use the ``batch`` manager with :func:`compute_score_batch` for them.

    >>> compute_score("geo3k", "<answer>3</answer>", "3", url="http://127.0.0.1:8000")
    {'score': 1.0, 'accuracy': 1.0, 'data_errors': 0, 'acc': 1.0}
    """
    settings = _verl_settings(kw)
    output = _verl_output_settings(settings)
    client = _client_for(settings)
    reply = client.score([verl_sample(solution_str, ground_truth, extra_info)], _recipe_for(data_source, settings))
    results = reply["results"]
    warn_data_errors(results, "call")
    warn_server_errors(results, "call")
    names = _verl_keys(client, settings, results)
    return _verl_result(results[0], names, server_errors=_verl_calls_models(client, settings), **output)


def compute_score_batch(
    data_sources: Sequence[Any],
    solution_strs: Sequence[str],
    ground_truths: Sequence[Any],
    extra_infos: Optional[Sequence[Optional[Mapping[str, Any]]]] = None,
    uids: Optional[Sequence[Any]] = None,
    **kw: Any,
) -> List[Dict[str, Any]]:
    """verl ``batch`` reward manager variant: one ``POST /v1/score`` per recipe, results in input order.

    Every dict has the same keys (see :func:`compute_score`). Groups (for group recipes): a
    sample's ``extra_info.group``, else ``extra_info.uid`` (verl's per-prompt uid, when the data or
    a custom manager puts it there), else ``uids[i]`` (a custom manager may pass
    ``data.non_tensor_batch["uid"]``), else the samples sharing data source, ground truth and
    ``extra_info`` (verl repeats a prompt's row ``rollout.n`` times, and its preprocessors write
    the row ``index`` into ``extra_info``). One warning per batch counts the data errors.

    >>> compute_score_batch(["a", "b"], ["x", "y"], ["x", "z"], [None, None], url="http://127.0.0.1:8000")
    """
    settings = _verl_settings(kw)
    output = _verl_output_settings(settings)
    client = _client_for(settings)
    infos: Sequence[Any] = extra_infos if extra_infos is not None else [None] * len(solution_strs)
    by_recipe: Dict[Optional[str], List[int]] = {}
    for i, source in enumerate(data_sources):
        by_recipe.setdefault(_recipe_for(source, settings), []).append(i)
    first_of_key: Dict[str, int] = {}
    out_results: List[Optional[Mapping[str, Any]]] = [None] * len(solution_strs)
    for recipe, indexes in by_recipe.items():
        samples = []
        for i in indexes:
            sample = verl_sample(solution_strs[i], ground_truths[i], infos[i])
            group = _verl_group(infos[i], uids[i] if uids is not None and i < len(uids) else None)
            if group is None:
                key = json.dumps([data_sources[i], ground_truths[i], infos[i]], sort_keys=True, default=_json_default_or_str)
                group = "g%d" % first_of_key.setdefault(key, i)
            sample["group"] = group if isinstance(group, (str, int)) and not isinstance(group, bool) else str(group)
            samples.append(sample)
        results = client.score(samples, recipe)["results"]
        if len(results) != len(indexes):
            raise PlauditError("the server returned %d results for %d samples" % (len(results), len(indexes)))
        for i, result in zip(indexes, results):
            out_results[i] = result
    results_in_order = [r for r in out_results if r is not None]
    warn_data_errors(results_in_order)
    warn_server_errors(results_in_order)
    names = _verl_keys(client, settings, results_in_order)
    failures = _verl_calls_models(client, settings)
    return [_verl_result(r, names, server_errors=failures, **output) for r in results_in_order]


def _json_default_or_str(value: Any) -> Any:
    try:
        return _json_default(value)
    except TypeError:
        return str(value)
