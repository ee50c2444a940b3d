"""plaudit_client: use a running ``plaudit serve`` from Python trainers (standard library only).

* TRL ``GRPOTrainer``: ``reward_funcs=plaudit_reward(url)`` (or ``components=True`` for one
  function per component, so TRL logs each);
* verl: ``custom_reward_function.path`` = this file, ``name`` = ``compute_score`` (or
  ``compute_score_batch`` with the ``batch`` reward manager);
* OpenRLHF needs nothing: ``--remote_rm_url http://host:port/get_reward``.

Requests are retried with exponential backoff and full jitter on connection errors, 5xx and 429
(honouring ``Retry-After``); any other 4xx fails at once, because retrying a bad request cannot
succeed. Each thread keeps one keep-alive connection per server.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
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
]

#: Dataset columns read as the sample's ``reference``, first present wins.
REFERENCE_KEYS = ("reference", "solution", "ground_truth", "answer", "label")
#: Keyword arguments TRL passes that are not dataset columns.
_TRL_RESERVED = {"prompts", "completions", "completion_ids", "trainer_state", "log_extra", "log_metric", "environments"}
#: Columns mapped to sample fields rather than ``meta``.
_SAMPLE_COLUMNS = {"id", "group", "image", "images", "image_size", "input_image", "input_image_size", "meta"}


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


def _completion_text(completion: Any) -> str:
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion:
        last = completion[-1]
        return _text(last.get("content")) if isinstance(last, Mapping) else str(last)
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


def trl_samples(
    prompts: Sequence[Any],
    completions: Sequence[Any],
    reference_keys: Sequence[str] = REFERENCE_KEYS,
    **columns: Any,
) -> List[Dict[str, Any]]:
    """Turns a TRL reward-function call into plaudit samples.

    Standard (strings) and conversational (message lists) formats are both accepted. Dataset
    columns map to sample fields: ``solution``/``ground_truth``/… → ``reference``;
    ``image_size``, ``image`` or ``images`` (PIL images or ``(w, h)``) → ``image``;
    ``input_image_size`` → ``input_image``; ``group`` as is, or else inferred: TRL lays out the
    ``num_generations`` completions of a prompt consecutively, so a run of identical prompts is
    one group. Other JSON-safe columns go to ``meta``.

    >>> trl_samples(["2+1?"], ["3"], solution=["3"])[0]
    {'completion': '3', 'prompt': '2+1?', 'reference': '3', 'group': 'g0'}
    """
    n = len(completions)
    samples: List[Dict[str, Any]] = []
    previous_key: Optional[str] = None
    group_start = 0
    for i in range(n):
        prompt = prompts[i] if i < len(prompts) else None
        sample: Dict[str, Any] = {"completion": _completion_text(completions[i])}
        prompt_value = _prompt_value(prompt)
        if prompt_value is not None:
            sample["prompt"] = prompt_value
        row = {key: values[i] for key, values in columns.items() if isinstance(values, (list, tuple)) and i < len(values)}
        _apply_columns(sample, row, reference_keys)
        if "group" not in sample:
            key = json.dumps(prompt_value, sort_keys=True, default=str)
            if key != previous_key:
                group_start = i
                previous_key = key
            sample["group"] = "g%d" % group_start
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
) -> Any:
    """A TRL ``GRPOTrainer`` reward function backed by ``POST /v1/score``.

    Returns one function ``plaudit_reward(prompts, completions, **kwargs) -> list[float | None]``
    (``None`` where the reward does not apply, which TRL treats as NaN). With
    ``components=True`` returns a list: that function first, then ``plaudit_<component>`` for
    each component of the recipe, all sharing one HTTP call per batch. TRL sums reward
    functions, so pass ``reward_weights=trl_reward_weights(funcs)`` (1 for the combined reward,
    0 for the components) to train on plaudit's reward while TRL logs every component.

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
            samples = trl_samples(prompts, completions, reference_keys, **columns)
            results = client.score(samples, recipe)["results"]
            cache.update(prompts=prompts, completions=completions, results=results)
            log_extra = columns.get("log_extra")
            if callable(log_extra):
                log_extra("plaudit_issues", [", ".join(sorted({i["code"] for i in r["issues"]})) for r in results])
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


def _verl_result(result: Mapping[str, Any], null_score: float) -> Dict[str, Any]:
    reward = result["reward"]
    out: Dict[str, Any] = {"score": null_score if reward is None else reward}
    for name, value in result["components"].items():
        out[name if name != "score" else "component_score"] = null_score if value is None else value
    return out


def _client_for(settings: Mapping[str, Any]) -> PlauditClient:
    options = {}
    if "timeout" in settings:
        options["timeout"] = float(settings["timeout"])
    if "max_retries" in settings:
        options["max_retries"] = int(settings["max_retries"])
    return _shared_client(settings["url"], settings.get("token"), **options)


def compute_score(data_source: Any, solution_str: str, ground_truth: Any, extra_info: Optional[Mapping[str, Any]] = None, **kw: Any) -> Dict[str, Any]:
    """verl custom reward function (naive/dapo/prime managers and the reward loop).

    Returns ``{"score": reward, <component>: value, ...}``; verl logs every key. A null reward or
    component is sent as ``null_score`` (default 0.0), since verl needs a number. Settings come
    from keyword arguments (verl merges ``custom_reward_function.reward_kwargs`` into them):
    ``url`` (else env ``PLAUDIT_URL``), ``token`` (else env ``PLAUDIT_TOKEN``), ``recipe``,
    ``recipes`` (``{data_source: recipe}``, ``"*"`` as fallback), ``null_score``, ``timeout``,
    ``max_retries``.

    >>> compute_score("geo3k", "<answer>3</answer>", "3", url="http://127.0.0.1:8000")
    {'score': 1.0, 'accuracy': 1.0}
    """
    settings = _verl_settings(kw)
    reply = _client_for(settings).score([verl_sample(solution_str, ground_truth, extra_info)], _recipe_for(data_source, settings))
    return _verl_result(reply["results"][0], float(settings.get("null_score", 0.0)))


def compute_score_batch(
    data_sources: Sequence[Any],
    solution_strs: Sequence[str],
    ground_truths: Sequence[Any],
    extra_infos: Optional[Sequence[Optional[Mapping[str, Any]]]] = None,
    **kw: Any,
) -> List[Dict[str, Any]]:
    """verl ``batch`` reward manager variant: one ``POST /v1/score`` per recipe, results in input order.

    >>> compute_score_batch(["a", "b"], ["x", "y"], ["x", "z"], [None, None], url="http://127.0.0.1:8000")
    """
    settings = _verl_settings(kw)
    null_score = float(settings.get("null_score", 0.0))
    client = _client_for(settings)
    infos: Sequence[Any] = extra_infos if extra_infos is not None else [None] * len(solution_strs)
    by_recipe: Dict[Optional[str], List[int]] = {}
    for i, source in enumerate(data_sources):
        by_recipe.setdefault(_recipe_for(source, settings), []).append(i)
    out: List[Optional[Dict[str, Any]]] = [None] * len(solution_strs)
    for recipe, indexes in by_recipe.items():
        samples = [verl_sample(solution_strs[i], ground_truths[i], infos[i]) for i in indexes]
        results = client.score(samples, recipe)["results"]
        for i, result in zip(indexes, results):
            out[i] = _verl_result(result, null_score)
    return out  # type: ignore[return-value]
