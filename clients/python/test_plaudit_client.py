"""Tests of plaudit_client against a real ``node dist/cli/main.js serve`` on a free loopback port,
plus a tiny stub server for the retry policy. Run: ``python3 -m unittest`` in this folder
(``npm run build`` first; ``npm test`` does both)."""

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLI = os.path.join(ROOT, "dist", "cli", "main.js")
sys.path.insert(0, HERE)

import plaudit_client as pc  # noqa: E402

TOKEN = "py-test-token"


def start_plaudit(extra_args=()):
    node = shutil.which("node")
    if node is None or not os.path.exists(CLI):
        raise unittest.SkipTest("node or dist/cli/main.js missing (run npm run build)")
    process = subprocess.Popen(
        [
            node,
            CLI,
            "serve",
            "--recipe", "main=" + os.path.join(HERE, "test_recipes", "main.json"),
            "--recipe", "alt=" + os.path.join(HERE, "test_recipes", "alt.json"),
            "--recipe", "tokens=" + os.path.join(HERE, "test_recipes", "tokens.json"),
            "--recipe", "group=" + os.path.join(HERE, "test_recipes", "group.json"),
            "--recipe", "box=" + os.path.join(HERE, "test_recipes", "box.json"),
            "--host", "127.0.0.1",
            "--port", "0",
            "--token", TOKEN,
            *extra_args,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        if match:
            # Keep draining stderr so the server never blocks on a full pipe.
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, match.group(0)
    process.kill()
    raise RuntimeError("plaudit serve did not start")


def metric(url, pattern):
    request = urllib.request.Request(url + "/metrics", headers={"Authorization": "Bearer " + TOKEN})
    text = urllib.request.urlopen(request, timeout=10).read().decode()
    match = re.search(pattern + r" (\d+)", text)
    return int(match.group(1)) if match else 0


class FakeImage:
    """Stands in for a PIL image: only ``.size`` is read."""

    size = (1920, 1080)


class AgainstRealServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process, cls.url = start_plaudit()
        cls.client = pc.PlauditClient(cls.url, token=TOKEN)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.process.terminate()
        cls.process.wait(timeout=30)
        cls.process.stderr.close()

    def test_health_recipes_components(self):
        self.assertEqual(self.client.health()["status"], "ok")
        info = self.client.recipes()
        self.assertEqual(info["default"], "main")
        self.assertEqual(self.client.components(), ["exact", "quality"])
        self.assertEqual(self.client.components("alt"), ["quality"])
        with self.assertRaises(pc.PlauditError):
            self.client.components("nope")

    def test_score_keeps_order_and_reports_bad_samples(self):
        reply = self.client.score(
            [
                {"id": "a", "completion": "Paris", "reference": "paris"},
                {"id": "b", "completion": 3},
                {"id": "c", "completion": "Lyon", "reference": "Paris", "meta": {"quality": 1}},
            ]
        )
        self.assertEqual([r["id"] for r in reply["results"]], ["a", "b", "c"])
        self.assertEqual([r["reward"] for r in reply["results"]], [1, None, 0.5])
        self.assertEqual(reply["results"][1]["issues"][0]["code"], "invalid_sample")

    def test_columnar_score_returns_the_same_results(self):
        samples = [
            {"id": "a", "completion": "Paris", "reference": "paris"},
            {"completion": 3},
            {"id": 7, "completion": "Lyon", "reference": "Paris", "meta": {"quality": 1}},
        ]
        self.assertEqual(self.client.score(samples, columnar=True), self.client.score(samples))

    def test_wrong_token_fails_fast(self):
        client = pc.PlauditClient(self.url, token="wrong", max_retries=5, backoff_base=1)
        started = time.time()
        with self.assertRaises(pc.PlauditError) as caught:
            client.score([])
        self.assertEqual(caught.exception.status, 401)
        self.assertLess(time.time() - started, 1)

    def test_unknown_recipe_is_a_4xx_error(self):
        with self.assertRaises(pc.PlauditError) as caught:
            self.client.score([], recipe="nope")
        self.assertEqual(caught.exception.status, 404)
        self.assertEqual(caught.exception.body["choices"], ["main", "alt", "tokens", "group", "box"])

    def test_trl_standard_format(self):
        reward = pc.plaudit_reward(self.url, token=TOKEN)
        self.assertEqual(reward.__name__, "plaudit_reward")
        values = reward(
            prompts=["Capital of France?", "Capital of France?", "Rate it"],
            completions=["Paris", "Lyon", "whatever"],
            completion_ids=[[1], [2], [3]],
            solution=["Paris", "Paris", None],
            quality=[None, 1, None],
            trainer_state=object(),
        )
        # quality is a dataset column, so it lands in meta.quality.
        self.assertEqual(values, [1, 0.5, None])

    def test_trl_conversational_format_and_recipe(self):
        reward = pc.plaudit_reward(self.url, recipe="alt", token=TOKEN)
        prompts = [[{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Rate"}]}]] * 2
        completions = [[{"role": "assistant", "content": "good"}], [{"role": "assistant", "content": "bad"}]]
        logged = {}
        values = reward(
            prompts=prompts,
            completions=completions,
            meta=[{"quality": 0.25}, {"quality": 0.75}],
            image=[FakeImage(), FakeImage()],
            log_extra=lambda column, values: logged.__setitem__(column, values),
        )
        self.assertEqual(values, [0.25, 0.75])
        self.assertEqual(logged["plaudit_issues"], ["", ""])

    def test_trl_components_share_one_request_per_batch(self):
        functions = pc.plaudit_reward(self.url, components=True, token=TOKEN)
        self.assertEqual([f.__name__ for f in functions], ["plaudit_reward", "plaudit_exact", "plaudit_quality"])
        self.assertEqual(pc.trl_reward_weights(functions), [1.0, 0.0, 0.0])
        prompts = ["q", "q"]
        completions = ["Paris", "Rome"]
        columns = {"ground_truth": ["Paris", "Paris"], "quality": [0.5, None]}
        before = metric(self.url, r'plaudit_http_requests_total\{route="/v1/score",method="POST",status="200"\}')
        outputs = [f(prompts=prompts, completions=completions, **columns) for f in functions]
        after = metric(self.url, r'plaudit_http_requests_total\{route="/v1/score",method="POST",status="200"\}')
        self.assertEqual(after - before, 1)
        self.assertEqual(outputs, [[1.25, 0], [1, 0], [0.5, None]])
        # A new batch (new list objects) is scored again.
        self.assertEqual(functions[1](prompts=["q"], completions=["Rome"], ground_truth=["Rome"]), [1])

    def test_verl_compute_score(self):
        out = pc.compute_score("geo", "Paris", "Paris", {"index": 3, "quality": 1}, url=self.url, token=TOKEN)
        self.assertEqual(out, {"score": 1.5, "exact": 1, "quality": 1, "data_errors": 0, "acc": 1.5})
        # A null reward is sent as null_score; the data_source picks the recipe; the url comes from
        # reward_kwargs. The keys are those of every recipe the settings can select (alt, and main as
        # the fallback), so every call returns the same keys.
        kwargs = {"url": self.url, "token": TOKEN, "recipes": {"ratings": "alt"}, "null_score": -1}
        out = pc.compute_score("ratings", "x", None, None, reward_kwargs=kwargs)
        self.assertEqual(out, {"score": -1, "quality": -1, "exact": -1, "data_errors": 0, "acc": -1})
        geo = pc.compute_score("geo", "Paris", "Paris", None, reward_kwargs=kwargs)
        self.assertEqual(list(geo), list(out))
        # acc: renamed, taken from a component, or left out.
        named = pc.compute_score("geo", "Paris", "Paris", {"quality": 1}, url=self.url, token=TOKEN, acc_key="correct", acc_from="exact")
        self.assertEqual(named["correct"], 1)
        self.assertNotIn("acc", named)
        self.assertNotIn("acc", pc.compute_score("geo", "Paris", "Paris", url=self.url, token=TOKEN, acc_key=""))

    def test_verl_url_from_environment(self):
        os.environ["PLAUDIT_URL"] = self.url
        os.environ["PLAUDIT_TOKEN"] = TOKEN
        try:
            self.assertEqual(pc.compute_score("geo", "Rome", "Paris")["score"], 0)
        finally:
            del os.environ["PLAUDIT_URL"]
            del os.environ["PLAUDIT_TOKEN"]
        with self.assertRaises(pc.PlauditError):
            pc.compute_score("geo", "Rome", "Paris")

    def test_verl_compute_score_batch(self):
        out = pc.compute_score_batch(
            ["geo", "ratings", "geo", "ratings"],
            ["Paris", "a", "Rome", "b"],
            ["Paris", None, "Paris", None],
            [None, {"quality": 0.5}, {"image_size": [640, 480]}, {"quality": 2}],
            url=self.url,
            token=TOKEN,
            recipes={"ratings": "alt", "*": "main"},
        )
        self.assertEqual([o["score"] for o in out], [1, 0.5, 0, 2])
        # Same keys in every dict (verl's reward_extra_info needs equal-length arrays).
        self.assertEqual(out[1], {"score": 0.5, "exact": 0.0, "quality": 0.5, "data_errors": 0, "acc": 0.5})
        self.assertEqual({tuple(o) for o in out}, {("score", "quality", "exact", "data_errors", "acc")})

    def test_verl_issue_9_4_scenario_is_a_data_error_not_a_format_only_reward(self):
        # A reference box, no image size, an input-pixel prediction frame.
        completion = "<think>a</think><answer>[10,10,50,50]</answer>"
        with self.assertLogs("plaudit_client", level="WARNING") as logs:
            out = pc.compute_score("det", completion, [10, 10, 50, 50], {"index": 0}, url=self.url, token=TOKEN, recipe="box")
        self.assertEqual(out, {"score": 0.0, "format": 1, "iou": 0.0, "data_errors": 1, "acc": 0.0})
        self.assertEqual(len(logs.records), 1)
        self.assertIn("1 of 1 samples", logs.output[0])
        self.assertIn("missing_image_size x1", logs.output[0])
        sized = {"image_size": [100, 100], "input_image_size": [100, 100]}
        good = pc.compute_score("det", completion, [10, 10, 50, 50], sized, url=self.url, token=TOKEN, recipe="box")
        self.assertEqual(good, {"score": 2, "format": 1, "iou": 1, "data_errors": 0, "acc": 2})

    def test_verl_batch_warns_once_with_counts(self):
        completion = "<think>a</think><answer>[10,10,50,50]</answer>"
        sized = {"image_size": [100, 100], "input_image_size": [100, 100]}
        with self.assertLogs("plaudit_client", level="WARNING") as logs:
            out = pc.compute_score_batch(
                ["det"] * 4,
                [completion, completion, completion, completion],
                [[10, 10, 50, 50], [10, 10, 50, 50], "not a box", [10, 10, 50, 50]],
                [sized, None, sized, dict(sized, uid="u")],
                url=self.url,
                token=TOKEN,
                recipe="box",
            )
        self.assertEqual([o["data_errors"] for o in out], [0, 1, 1, 0])
        self.assertEqual(len(logs.records), 1)
        self.assertIn("2 of 4 samples", logs.output[0])
        self.assertIn("missing_image_size x1, reference_unparseable x1", logs.output[0])

    def test_verl_batch_groups_by_uid_then_by_prompt_row(self):
        kwargs = {"url": self.url, "token": TOKEN, "recipe": "group"}
        # Two prompts, two rollouts each, interleaved; one right and one wrong answer per prompt.
        # Per-group normalisation gives +-0.70700; the whole batch as one group would give +-0.86600.
        sources = ["d"] * 4
        answers = ["A", "B", "x", "y"]
        truths = ["A", "B", "A", "B"]
        per_group = [0.707, 0.707, -0.707, -0.707]
        out = pc.compute_score_batch(sources, answers, truths, [{"uid": "a"}, {"uid": "b"}, {"uid": "a"}, {"uid": "b"}], **kwargs)
        self.assertEqual([round(o["score"], 3) for o in out], per_group)
        # uids passed by a custom manager (verl's data.non_tensor_batch["uid"]) work the same.
        out = pc.compute_score_batch(sources, answers, truths, [{"i": 0}, {"i": 0}, {"i": 0}, {"i": 0}], uids=["a", "b", "a", "b"], **kwargs)
        self.assertEqual([round(o["score"], 3) for o in out], per_group)
        # Without ids: the rows verl repeated (same data source, ground truth and extra_info) are one group.
        out = pc.compute_score_batch(sources, answers, truths, [{"index": 0}, {"index": 1}, {"index": 0}, {"index": 1}], **kwargs)
        self.assertEqual([round(o["score"], 3) for o in out], per_group)
        self.assertEqual([o["data_errors"] for o in out], [0, 0, 0, 0])
        # extra_info.group wins over everything.
        out = pc.compute_score_batch(sources, answers, truths, [{"group": "all", "uid": i} for i in range(4)], **kwargs)
        self.assertEqual([round(o["score"], 3) for o in out], [0.866, 0.866, -0.866, -0.866])

    def test_verl_naive_manager_with_a_group_recipe_reports_group_of_one(self):
        with self.assertLogs("plaudit_client", level="WARNING") as logs:
            out = pc.compute_score("d", "A", "A", {"index": 1}, url=self.url, token=TOKEN, recipe="group")
        self.assertEqual(out["data_errors"], 1)
        self.assertEqual(out["score"], 0.0)
        self.assertIn("group_of_one x1", logs.output[0])

    def test_trl_passes_completion_ids_and_the_step(self):
        reward = pc.plaudit_reward(self.url, recipe="tokens", token=TOKEN)
        state = type("State", (), {"global_step": 7})()
        metrics = {}
        values = reward(
            prompts=["p", "p", "p"],
            completions=["a", "b", "c"],
            completion_ids=[[1], [1, 2, 3], [1, 2, 3, 4, 5]],
            trainer_state=state,
            log_metric=lambda name, value: metrics.__setitem__(name, value),
        )
        self.assertEqual(values, [0, -0.5, -1])
        self.assertEqual(metrics, {"plaudit/data_errors": 0.0})
        samples = pc.trl_samples(["p"], ["a"], completion_ids=[[4, 5]], trainer_state=state)
        self.assertEqual(samples[0]["meta"], {"completion_ids": [4, 5], "step": 7})

    def test_trl_data_errors_are_logged_and_warned(self):
        reward = pc.plaudit_reward(self.url, recipe="tokens", token=TOKEN)
        metrics = {}
        with self.assertLogs("plaudit_client", level="WARNING") as logs:
            values = reward(prompts=["p", "p"], completions=["a", "b"], log_metric=lambda name, value: metrics.__setitem__(name, value))
        self.assertEqual(values, [None, None])
        self.assertEqual(metrics, {"plaudit/data_errors": 2.0})
        self.assertIn("2 of 2 samples", logs.output[0])
        self.assertIn("missing_required_meta x2", logs.output[0])


class FakePixels:
    """Stands in for a PIL image with content: ``.size``, ``.mode`` and ``.tobytes()``."""

    def __init__(self, data):
        self.size = (2, 1)
        self.mode = "L"
        self._data = data

    def tobytes(self):
        return self._data


class SampleMapping(unittest.TestCase):
    def test_groups_are_prompts_text_images_and_reference(self):
        samples = pc.trl_samples(["a", "a", "b", "b", "a"], ["1", "2", "3", "4", "5"])
        self.assertEqual([s["group"] for s in samples], ["g0", "g0", "g2", "g2", "g0"])
        # Same text, different solution or image content: different prompts.
        samples = pc.trl_samples(
            ["q"] * 4,
            ["1", "2", "3", "4"],
            solution=["A", "A", "B", "A"],
            image=[FakePixels(b"ab"), FakePixels(b"ab"), FakePixels(b"ab"), FakePixels(b"zz")],
        )
        self.assertEqual([s["group"] for s in samples], ["g0", "g0", "g2", "g3"])
        explicit = pc.trl_samples(["a", "a"], ["1", "2"], group=["x", "y"])
        self.assertEqual([s["group"] for s in explicit], ["x", "y"])
        by_column = pc.trl_samples(["a", "a", "a"], ["1", "2", "3"], group_column="prompt_id", prompt_id=[7, 7, 8], solution=["A", "B", "A"])
        self.assertEqual([s["group"] for s in by_column], [7, 7, 8])
        self.assertNotIn("meta", by_column[0])
        with self.assertRaises(pc.PlauditError):
            pc.trl_samples(["a"], ["1"], group_column="prompt_id")

    def test_conversational_completion_is_the_last_assistant_message(self):
        samples = pc.trl_samples(
            ["p", "p"],
            [
                [{"role": "assistant", "content": "A"}, {"role": "tool", "content": "t"}],
                [{"role": "user", "content": "no assistant"}],
            ],
        )
        self.assertEqual(samples[0]["completion"], "A")
        # Sent as messages, so the server reports invalid_sample instead of scoring the user's text.
        self.assertEqual(samples[1]["completion"], [{"role": "user", "content": "no assistant"}])

    def test_data_issue_codes_and_flags(self):
        results = [
            {"issues": [{"reward": "iou", "code": "no_box_found"}]},
            {"issues": [{"reward": "combine", "code": "group_of_one"}, {"reward": "q", "code": "invalid_meta"}]},
            {"issues": []},
            # An advantage's group_of_one keeps the reward: these trainers compute their own advantages.
            {"issues": [{"reward": "advantage", "code": "group_of_one"}]},
        ]
        self.assertEqual(pc.data_error_flags(results), [0, 1, 0, 0])
        with self.assertLogs("plaudit_client", level="WARNING") as logs:
            self.assertEqual(pc.warn_data_errors(results), 1)
        self.assertIn("group_of_one x1, invalid_meta x1", logs.output[0])

    def test_image_sizes_and_references(self):
        samples = pc.trl_samples(
            ["p", "p", "p"],
            ["1", "2", "3"],
            image_size=[(640, 480), None, None],
            image=[None, FakeImage(), None],
            images=[None, None, [FakeImage()]],
            input_image_size=[{"width": 644, "height": 476}, None, None],
            ground_truth=["a", "b", "c"],
            task=["t", "t", "t"],
        )
        self.assertEqual(samples[0]["image"], {"width": 640, "height": 480})
        self.assertEqual(samples[0]["input_image"], {"width": 644, "height": 476})
        self.assertEqual(samples[1]["image"], {"width": 1920, "height": 1080})
        self.assertEqual(samples[2]["image"], {"width": 1920, "height": 1080})
        self.assertEqual([s["reference"] for s in samples], ["a", "b", "c"])
        self.assertEqual(samples[0]["meta"], {"task": "t"})

    def test_verl_sample(self):
        sample = pc.verl_sample("x", [1, 2, 3, 4], {"image": {"width": 10, "height": 20}, "group": "g", "index": 1})
        self.assertEqual(sample, {"completion": "x", "reference": [1, 2, 3, 4], "image": {"width": 10, "height": 20}, "group": "g", "meta": {"index": 1}})


class StubHandler(http.server.BaseHTTPRequestHandler):
    """Answers from a script of (status, headers, body) and records each request's client port."""

    protocol_version = "HTTP/1.1"
    script = []
    seen = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        StubHandler.seen.append(self.client_address[1])
        status, headers, body = StubHandler.script.pop(0) if StubHandler.script else (200, {}, {"results": [], "stats": {}})
        data = json.dumps(body).encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class RetryPolicy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StubHandler)
        cls.url = "http://127.0.0.1:%d" % cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        StubHandler.script = []
        StubHandler.seen = []

    def test_retries_5xx_and_429_honouring_retry_after(self):
        StubHandler.script = [
            (503, {}, {"error": "deadline_exceeded", "message": "slow"}),
            (429, {"Retry-After": "0.3"}, {"error": "too_many_requests", "message": "busy"}),
            (200, {}, {"results": [{"reward": 1}], "stats": {}}),
        ]
        client = pc.PlauditClient(self.url, backoff_base=0.01, max_retries=4)
        started = time.time()
        self.assertEqual(client.score([{"completion": "x"}])["results"], [{"reward": 1}])
        self.assertEqual(len(StubHandler.seen), 3)
        self.assertGreaterEqual(time.time() - started, 0.3)

    def test_other_4xx_fail_fast(self):
        StubHandler.script = [(400, {}, {"error": "invalid_request", "message": "bad"})]
        client = pc.PlauditClient(self.url, backoff_base=0.01, max_retries=4)
        with self.assertRaises(pc.PlauditError) as caught:
            client.score([])
        self.assertEqual(caught.exception.status, 400)
        self.assertEqual(len(StubHandler.seen), 1)

    def test_gives_up_after_max_retries(self):
        StubHandler.script = [(500, {}, {"error": "internal_error", "message": "x"})] * 3
        client = pc.PlauditClient(self.url, backoff_base=0.01, max_retries=2)
        with self.assertRaises(pc.PlauditError):
            client.score([])
        self.assertEqual(len(StubHandler.seen), 3)

    def test_connection_errors_are_retried(self):
        # A port that was just free: nothing listens there, so every attempt is refused.
        probe = http.server.HTTPServer(("127.0.0.1", 0), StubHandler)
        port = probe.server_address[1]
        probe.server_close()
        client = pc.PlauditClient("http://127.0.0.1:%d" % port, backoff_base=0.01, max_retries=2)
        with self.assertRaises(pc.PlauditError) as caught:
            client.score([])
        self.assertIn("gave up after 3 attempts", str(caught.exception))

    def test_keep_alive_reuses_the_connection(self):
        client = pc.PlauditClient(self.url + "/v1/score")
        client.score([])
        client.score([])
        self.assertEqual(len(StubHandler.seen), 2)
        self.assertEqual(StubHandler.seen[0], StubHandler.seen[1])


if __name__ == "__main__":
    unittest.main()


class JudgeHandler(http.server.BaseHTTPRequestHandler):
    """A stand-in chat judge: answers ``Final Score: 4`` when the completion is ``good``, 500 when
    it is ``down``, and an unparseable reply otherwise."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        text = body["messages"][-1]["content"]
        text = text if isinstance(text, str) else " ".join(p.get("text", "") for p in text)
        if "answer down " in text:
            self._send(500, {"error": {"message": "the judge is down"}})
            return
        reply = "Final Score: 4" if "answer good " in text else "I cannot rate this."
        self._send(200, {"id": "x", "object": "chat.completion", "model": "judge",
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}]})

    def _send(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class JudgeFailures(unittest.TestCase):
    """A judge that fails is a null reward and a visible count, never a 0 (server kind issues)."""

    @classmethod
    def setUpClass(cls):
        cls.judge = http.server.ThreadingHTTPServer(("127.0.0.1", 0), JudgeHandler)
        threading.Thread(target=cls.judge.serve_forever, daemon=True).start()
        judge_url = "http://127.0.0.1:%d" % cls.judge.server_address[1]
        cls.process, cls.url = start_plaudit([
            "--recipe", "judged=" + os.path.join(HERE, "test_recipes", "judged.json"),
            "--endpoint", "judge=" + judge_url,
        ])

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        cls.process.wait(timeout=30)
        cls.judge.shutdown()
        cls.judge.server_close()

    def test_verl_dicts_flag_server_errors_and_null_the_reward(self):
        settings = {"url": self.url, "token": TOKEN, "recipe": "judged"}
        with self.assertLogs("plaudit_client", level="WARNING") as logs:
            out = pc.compute_score_batch(
                ["d", "d", "d"], ["good", "down", "rambling"], ["good", "down", "rambling"], uids=[1, 2, 3], **settings
            )
        # judge 4 -> (4-1)/4 = 0.75, plus exact 1: the sample that worked scores 1.75.
        self.assertEqual(out[0], {"score": 1.75, "judge": 0.75, "exact": 1, "data_errors": 0, "server_errors": 0, "acc": 1.75})
        # A failed or unparseable judge: the whole reward is null (sent as null_score), flagged.
        self.assertEqual(out[1], {"score": 0.0, "judge": 0.0, "exact": 1, "data_errors": 0, "server_errors": 1, "acc": 0.0})
        self.assertEqual(out[2]["server_errors"], 1)
        self.assertIn("2 of 3 samples", logs.output[0])
        self.assertIn("judge_error x1, judge_unparseable x1", logs.output[0])
        self.assertGreaterEqual(metric(self.url, r'plaudit_server_errors_total\{recipe="judged"\}'), 2)

    def test_trl_logs_server_errors(self):
        reward = pc.plaudit_reward(self.url, recipe="judged", token=TOKEN)
        metrics = {}
        with self.assertLogs("plaudit_client", level="WARNING"):
            values = reward(prompts=["p", "p"], completions=["good", "down"], reference=["good", "down"],
                            log_metric=lambda name, value: metrics.__setitem__(name, value))
        self.assertEqual(values, [1.75, None])
        self.assertEqual(metrics, {"plaudit/data_errors": 0.0, "plaudit/server_errors": 1.0})

    def test_rule_recipes_keep_their_keys(self):
        self.assertFalse(pc.PlauditClient(self.url, token=TOKEN).calls_models("main"))
        self.assertTrue(pc.PlauditClient(self.url, token=TOKEN).calls_models("judged"))
