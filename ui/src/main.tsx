/**
 * Entry of the UI bundle: the inspector at `#/` (or no hash), the annotation app at `#/annotate`.
 * @module
 */
import { render } from "preact";
import { Annotator } from "./annotate";
import { Inspector } from "./inspector";
import "./style.css";

function App() {
  const annotate =
    location.hash.startsWith("#/annotate") || document.documentElement.dataset.app === "annotate";
  return annotate ? <Annotator /> : <Inspector />;
}

render(<App />, document.getElementById("app")!);
