// A story map, step by step: each step's nodes where the author left them, its highlighted
// relations in red; every relation is listed (highlighted first) and choosing one reads the facts
// behind it, with their sources, from /paths.
import Graph from "graphology";
import Sigma from "sigma";
import { SIGMA_SETTINGS } from "./draw.js";

const HIGHLIGHT = "#d62728";
const article = document.querySelector("[data-story]");
const story = JSON.parse(article.dataset.story);
const box = article.querySelector("[data-story-graph]");
const list = article.querySelector("[data-relations]");
const evidence = article.querySelector("[data-evidence]");
const graph = new Graph({ multi: true, type: "directed" });
const renderer = new Sigma(graph, box, { ...SIGMA_SETTINGS, renderEdgeLabels: true });
let current = 0;

function show(n) {
  current = Math.max(0, Math.min(story.steps.length - 1, n));
  const step = story.steps[current];
  graph.clear();
  for (const { iri, label, x, y, color, size } of step.nodes) graph.addNode(iri, { label, x, y, color, size });
  for (const { source, target, label, highlighted } of step.edges) {
    if (graph.hasNode(source) && graph.hasNode(target)) {
      graph.addEdge(source, target, { label: highlighted ? label : "", size: highlighted ? 4 : 1, color: highlighted ? HIGHLIGHT : "#bbb" });
    }
  }
  renderer.refresh();
  article.querySelector("[data-step-number]").textContent = `Step ${current + 1} of ${story.steps.length}`;
  article.querySelector("[data-caption]").textContent = step.caption;
  const names = Object.fromEntries(step.nodes.map((node) => [node.iri, node.label]));
  const ordered = [...step.edges.filter((edge) => edge.highlighted), ...step.edges.filter((edge) => !edge.highlighted)];
  list.replaceChildren(
    ...ordered.map((edge) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = `${names[edge.source]} — ${edge.label} — ${names[edge.target]}`;
      if (edge.highlighted) item.className = "highlighted";
      button.addEventListener("click", () => sources(edge, names));
      item.append(button);
      return item;
    }),
  );
  evidence.replaceChildren();
  box.dataset.step = String(current + 1);
  box.dataset.drawn = "true";
}

async function sources(edge, names) {
  const query = new URLSearchParams({ from: edge.source, to: edge.target, k: "1", max_len: "1" });
  const response = await fetch(`/paths?${query}`);
  const answer = await response.json();
  const facts = response.ok ? (answer.paths[0]?.hops[0]?.facts ?? []) : [];
  const shown = document.createElement("ul");
  shown.className = "evidence";
  for (const fact of facts) {
    const item = document.createElement("li");
    const cited = fact.sources.map((s) => `${s.title ?? s.iri} (${s.issued ?? "undated"})`).join("; ");
    item.textContent = `${names[fact.subject] ?? fact.subject} —${fact.predicate_label ?? fact.predicate}→ ${names[fact.object] ?? fact.object}: `;
    const cite = document.createElement("cite");
    cite.textContent = cited;
    item.append(cite);
    shown.append(item);
  }
  if (!facts.length) shown.textContent = "The graph no longer holds a fact joining these two.";
  evidence.replaceChildren(shown);
}

for (const button of article.querySelectorAll("[data-step]")) {
  button.addEventListener("click", () => show(current + Number(button.dataset.step)));
}
document.addEventListener("keydown", (event) => {
  if (event.key === "ArrowRight" && event.target === document.body) show(current + 1);
  if (event.key === "ArrowLeft" && event.target === document.body) show(current - 1);
});
show(0);
window.tiegraphStory = { graph, show };
