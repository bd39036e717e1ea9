// The add-facts page: the sheet checked by POST /facts?check=true, its problems or what it would
// write shown (new entities drawn in red), then added by POST /facts with the token.
import Graph from "graphology";
import Sigma from "sigma";
import { SIGMA_SETTINGS, settle, shortName } from "./draw.js";

const form = document.querySelector("[data-add]");
const sheet = form.querySelector("#sheet");
const outcome = document.querySelector("[data-outcome]");
const preview = document.querySelector("[data-preview]");
const table = document.querySelector("[data-rows]");
let renderer = null;

form.querySelector("[data-file]").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  if (file) sheet.value = await file.text();
});

for (const button of form.querySelectorAll("[data-action]")) {
  button.addEventListener("click", () => send(button.dataset.action));
}

async function send(action) {
  const token = form.querySelector("[data-token]").value.trim();
  if (action === "add" && !token) return say("error", "Adding needs the service's token (TIEGRAPH_TOKEN where it runs); checking does not.");
  const json = sheet.value.trim().startsWith("{");
  const headers = { "Content-Type": json ? "application/json" : "application/yaml" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/facts${action === "check" ? "?check=true" : ""}`, {
    method: "POST",
    headers,
    body: sheet.value,
  });
  const answer = await response.json();
  if (!response.ok) {
    preview.hidden = table.hidden = true;
    return say("error", answer.error.message);
  }
  if (action === "check") {
    say("ok", `The sheet passes: ${answer.quads} facts in ${answer.graphs.join(", ")}; ${answer.new.length} new entit${answer.new.length === 1 ? "y" : "ies"}.`);
    show(answer);
  } else {
    const links = answer.new.map((iri) => `<a href="/entities/${encodeURIComponent(shortName(iri))}">${shortName(iri)}</a>`).join(", ");
    say("ok", `Added ${answer.quads} facts to ${answer.graphs.join(", ")}.${links ? ` New: ${links}.` : ""}`, true);
  }
}

function say(kind, text, html = false) {
  const box = document.createElement("p");
  box.className = kind === "error" ? "error" : "done";
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.dataset.outcome = kind;
  if (html) box.innerHTML = text;
  else box.textContent = text;
  outcome.replaceChildren(box);
}

const term = (text) => (text.startsWith("<") ? text.slice(1, -1) : text);

function show(answer) {
  const body = table.querySelector("tbody");
  body.replaceChildren(
    ...answer.rows.map(([s, p, o]) => {
      const row = document.createElement("tr");
      for (const cell of [shortName(term(s)), shortName(term(p)), o.startsWith("<") ? shortName(term(o)) : o]) {
        const td = document.createElement("td");
        td.textContent = cell;
        row.append(td);
      }
      return row;
    }),
  );
  table.hidden = false;
  const graph = new Graph({ multi: true, type: "directed" });
  const fresh = new Set(answer.new);
  const graphs = new Set(answer.graphs);
  for (const [s, p, o] of answer.rows) {
    if (!o.startsWith("<") || graphs.has(term(s)) || term(p).endsWith("#type") || term(s).includes("/source/")) continue;
    for (const node of [term(s), term(o)]) graph.mergeNode(node, { label: shortName(node), size: fresh.has(node) ? 9 : 6, color: fresh.has(node) ? "#d62728" : "#1f77b4" });
    graph.addEdge(term(s), term(o), { label: shortName(term(p)), size: 1, color: "#999" });
  }
  preview.hidden = false;
  settle(graph);
  renderer?.kill();
  const box = preview.querySelector("[data-preview-graph]");
  renderer = new Sigma(graph, box, { ...SIGMA_SETTINGS, renderEdgeLabels: true });
  box.dataset.drawn = "true";
  window.tiegraphPreview = graph;
}
