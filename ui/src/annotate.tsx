/**
 * The annotation app (`#/annotate`): sign in with a name (or a token), then judge the queue's
 * tasks with the keyboard. Candidates come in the order the server chose for this annotator;
 * the answer is sent in shown positions and mapped back on the server.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";

interface PresentedTask {
  id: string;
  version: number;
  kind: "pairwise" | "ranking" | "rating";
  prompt: string;
  images: string[];
  candidates: Array<{ text: string; images: string[] }>;
  dimensions: string[];
  scale: [number, number];
  k: number;
  presented: number[];
}

interface Progress {
  annotator: string;
  done: number;
  remaining: number;
  tasks: number;
  complete: number;
  byAnnotator: Record<string, number>;
}

interface Agreement {
  annotators: string[];
  pairwise: {
    items: number;
    alpha: number | null;
    kappa: Array<{ a: string; b: string; items: number; kappa: number | null }>;
  };
  firstPositionRate: number | null;
}

type Identity = { kind: "name" | "token"; value: string };

const LETTERS = "ABCDEFGHIJ";

function headersOf(id: Identity): Record<string, string> {
  return id.kind === "token" ? { authorization: `Bearer ${id.value}` } : { "x-plaudit-annotator": id.value };
}

async function call<T>(id: Identity, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...headersOf(id), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
  return json as T;
}

function AuthImage({ id, src }: { id: Identity; src: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let revoked: string | null = null;
    fetch(src, { headers: headersOf(id) })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((blob) => {
        revoked = URL.createObjectURL(blob);
        setUrl(revoked);
      })
      .catch(() => setUrl(null));
    return () => {
      if (revoked) URL.revokeObjectURL(revoked);
    };
  }, [src, id]);
  return url ? <img class="task-image" src={url} alt="" /> : <span class="hint">image…</span>;
}

function SignIn({ onSignIn }: { onSignIn: (id: Identity) => void }) {
  const [auth, setAuth] = useState<"name" | "token" | null>(null);
  const [value, setValue] = useState("");
  useEffect(() => {
    fetch("api/annotate/config")
      .then((r) => r.json())
      .then((c: { auth: "name" | "token" }) => setAuth(c.auth));
  }, []);
  if (!auth) return <p class="loading">…</p>;
  return (
    <form
      class="signin"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) onSignIn({ kind: auth, value: value.trim() });
      }}
    >
      <label for="identity">{auth === "token" ? "Your annotator token" : "Your name"}</label>{" "}
      {auth === "token" ? (
        <input
          id="identity"
          name="identity"
          type="password"
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
      ) : (
        <input
          id="identity"
          name="identity"
          type="text"
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
      )}{" "}
      <button type="submit">Start</button>
    </form>
  );
}

export function Annotator() {
  const [id, setId] = useState<Identity | null>(() => {
    const saved = sessionStorage.getItem("plaudit-identity");
    return saved ? (JSON.parse(saved) as Identity) : null;
  });
  // undefined: not loaded yet; null: the queue is empty.
  const [task, setTask] = useState<PresentedTask | null | undefined>(undefined);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<string | null>(null);
  const [ranking, setRanking] = useState<number[]>([]);
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [dimension, setDimension] = useState(0);
  const [reason, setReason] = useState("");
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});

  const load = async (who: Identity) => {
    setError(null);
    try {
      const next = await call<{ task: PresentedTask | null; progress: Progress }>(who, "api/annotate/next");
      // Same batch as the new task: a key pressed once it shows is never taken as "still busy".
      setBusy(false);
      setTask(next.task);
      setProgress(next.progress);
      setVerdict(null);
      setRanking([]);
      setRatings({});
      setDimension(0);
      setReason("");
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    if (id) void load(id);
  }, [id]);

  const ready =
    !!task &&
    (task.kind === "pairwise"
      ? verdict !== null
      : task.kind === "ranking"
        ? ranking.length === task.candidates.length
        : task.dimensions.every((d) => ratings[d] !== undefined));

  const submit = async () => {
    if (!id || !task || !ready || busy) return;
    setBusy(true);
    const answer =
      task.kind === "pairwise" ? { verdict } : task.kind === "ranking" ? { ranking } : { ratings };
    try {
      await call(id, "api/annotate/annotations", {
        taskId: task.id,
        version: task.version,
        presented: task.presented,
        answer,
        reason,
        clientId: `${id.value.slice(0, 20)}-${task.id}-${task.version}-${crypto.randomUUID()}`,
      });
      await load(id);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  // The handler is replaced on every render and read through a ref by one listener: effects run
  // after a frame, which a background tab may not get, and a key must never see stale state.
  keyHandler.current = (e: KeyboardEvent) => {
    const typing = (e.target as HTMLElement).closest("input, textarea");
    if (!typing && e.key === "g" && id) {
      void call<Agreement>(id, "api/annotate/agreement").then(setAgreement);
      return;
    }
    if (!task) return;
    if (typing) {
      if (e.key === "Escape") (e.target as HTMLElement).blur();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit();
      return;
    }
    const key = e.key.toLowerCase();
    if (key === "enter") void submit();
    else if (key === "r") {
      e.preventDefault();
      reasonRef.current?.focus();
    } else if (task.kind === "pairwise") {
      const v =
        key === "a" || key === "1"
          ? "A"
          : key === "b" || key === "2"
            ? "B"
            : key === "t"
              ? "tie"
              : key === "x"
                ? "both_bad"
                : null;
      if (v) setVerdict(v);
    } else if (task.kind === "ranking") {
      const n = Number(key);
      if (key === "backspace") setRanking(ranking.slice(0, -1));
      else if (Number.isInteger(n) && n >= 1 && n <= task.candidates.length && !ranking.includes(n - 1))
        setRanking([...ranking, n - 1]);
    } else {
      const n = Number(key);
      const dims = task.dimensions;
      if (key === "arrowdown" || key === "arrowright") setDimension((dimension + 1) % dims.length);
      else if (key === "arrowup" || key === "arrowleft")
        setDimension((dimension + dims.length - 1) % dims.length);
      else if (Number.isInteger(n) && n >= task.scale[0] && n <= task.scale[1]) {
        setRatings({ ...ratings, [dims[dimension]!]: n });
        setDimension(Math.min(dims.length - 1, dimension + 1));
      }
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (!id) {
    return (
      <main class="annotator">
        <h1>plaudit annotate</h1>
        <SignIn
          onSignIn={(who) => {
            sessionStorage.setItem("plaudit-identity", JSON.stringify(who));
            setId(who);
          }}
        />
      </main>
    );
  }
  return (
    <main class="annotator">
      <header>
        <h1>plaudit annotate</h1>
        <span>
          {progress
            ? `${progress.annotator}: ${progress.done} done, ${progress.remaining} to go · ${progress.complete}/${progress.tasks} tasks complete`
            : ""}
        </span>
        <progress
          class="progress"
          max={progress ? progress.done + progress.remaining : 1}
          value={progress?.done ?? 0}
        />
        <button
          type="button"
          onClick={() => {
            sessionStorage.removeItem("plaudit-identity");
            setId(null);
          }}
        >
          sign out
        </button>
      </header>
      {error ? <p class="error">{error}</p> : null}
      {task === undefined ? (
        <p class="loading">loading…</p>
      ) : task === null ? (
        <p class="done">Your queue is empty. Thank you!</p>
      ) : (
        <section class="task" data-task={task.id} data-kind={task.kind}>
          <pre class="prompt">{task.prompt}</pre>
          {task.images.map((src) => (
            <AuthImage key={src} id={id} src={src} />
          ))}
          <div class="side-by-side">
            {task.candidates.map((c, i) => {
              const label = task.kind === "ranking" ? String(i + 1) : LETTERS[i]!;
              const chosen = task.kind === "pairwise" ? verdict === LETTERS[i] : false;
              const rank = ranking.indexOf(i);
              return (
                <div key={i} class={`choice${chosen ? " chosen" : ""}`} data-position={i}>
                  <b>{label}</b>
                  {rank >= 0 ? <span class="badge">#{rank + 1}</span> : null}
                  <pre class="candidate-text">{c.text}</pre>
                  {c.images.map((src) => (
                    <AuthImage key={src} id={id} src={src} />
                  ))}
                </div>
              );
            })}
          </div>
          {task.kind === "rating"
            ? task.dimensions.map((d, i) => (
                <div key={d} class={`likert${i === dimension ? " current" : ""}`} data-dimension={d}>
                  <b>{d}</b>
                  {Array.from({ length: task.scale[1] - task.scale[0] + 1 }, (_, j) => task.scale[0] + j).map(
                    (v) => (
                      <button
                        key={v}
                        type="button"
                        class={ratings[d] === v ? "chosen" : ""}
                        onClick={() => setRatings({ ...ratings, [d]: v })}
                      >
                        {v}
                      </button>
                    ),
                  )}
                </div>
              ))
            : null}
          {task.kind === "pairwise" ? (
            <div class="actions">
              {[
                ["A", "A is better", "a"],
                ["B", "B is better", "b"],
                ["tie", "tie", "t"],
                ["both_bad", "both bad", "x"],
              ].map(([v, label, key]) => (
                <button
                  key={v}
                  type="button"
                  class={verdict === v ? "chosen" : ""}
                  data-verdict={v}
                  onClick={() => setVerdict(v!)}
                >
                  {label} <kbd>{key}</kbd>
                </button>
              ))}
            </div>
          ) : null}
          <textarea
            ref={reasonRef}
            name="reason"
            placeholder="reason (optional) — press r to type, Esc to leave"
            value={reason}
            onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
            rows={2}
            cols={80}
          />
          <div class="actions">
            <button type="button" disabled={!ready || busy} onClick={() => void submit()}>
              submit <kbd>Enter</kbd>
            </button>
          </div>
          <p class="keys">
            {task.kind === "pairwise" ? (
              <>
                <kbd>a</kbd>/<kbd>1</kbd> A · <kbd>b</kbd>/<kbd>2</kbd> B · <kbd>t</kbd> tie · <kbd>x</kbd>{" "}
                both bad ·{" "}
              </>
            ) : task.kind === "ranking" ? (
              <>
                press candidate numbers best first · <kbd>Backspace</kbd> undo ·{" "}
              </>
            ) : (
              <>
                <kbd>{task.scale[0]}</kbd>–<kbd>{task.scale[1]}</kbd> rate · <kbd>↑</kbd>/<kbd>↓</kbd>{" "}
                dimension ·{" "}
              </>
            )}
            <kbd>r</kbd> reason · <kbd>Enter</kbd> submit · <kbd>g</kbd> agreement
          </p>
        </section>
      )}
      {agreement ? (
        <section class="agreement" aria-label="agreement">
          <h3>Agreement ({agreement.annotators.join(", ")})</h3>
          <p>
            Krippendorff's α (pairwise, nominal): {agreement.pairwise.alpha?.toFixed(3) ?? "—"} over{" "}
            {agreement.pairwise.items} items · first-position rate{" "}
            {agreement.firstPositionRate?.toFixed(3) ?? "—"}
          </p>
          <ul>
            {agreement.pairwise.kappa.map((k) => (
              <li key={`${k.a}-${k.b}`}>
                Cohen's κ {k.a} / {k.b}: {k.kappa?.toFixed(3) ?? "—"} ({k.items} items)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
