// Graph views, drawn by sigma.js on graphology with a ForceAtlas2 layout (Gephi Lite's stack):
//  - [data-around]: an entity's neighbourhood from /neighbourhood, nodes coloured as the GEXF
//    export colours them; clicking a node (or choosing it and pressing Enter) adds its own;
//  - [data-paths]: the paths of the path finder, from the page's own JSON.
// Tests read the graph through `window.tiegraph` and the timing through performance marks.
import Graph from "graphology";
import Sigma from "sigma";
import { SIGMA_SETTINGS, localId, settle as layOut } from "./draw.js";

const PATH_COLOURS = { end: "#d62728", middle: "#1f77b4" };
window.tiegraph = { views: [] };

for (const container of document.querySelectorAll("[data-graph]")) {
  const status = container.parentElement.querySelector("[data-graph-status]");
  const draw = container.dataset.around ? neighbourhood(container, status) : paths(container, status);
  draw.catch((error) => {
    if (status) status.textContent = `The graph could not be drawn: ${error.message}`;
  });
}

async function neighbourhood(container, status) {
  const graph = new Graph({ multi: true, type: "directed" });
  const expanded = [];
  await expand(graph, container.dataset.around, expanded);
  settle(graph);
  const renderer = new Sigma(graph, container, SIGMA_SETTINGS);
  interactive(container, graph, renderer, "tiegraph:neighbourhood-drawn");
  const section = container.closest("section");
  const picker = section.querySelector("[data-expand]");
  const geo = section.querySelector("[data-geo]");
  const grow = async (node) => {
    if (expanded.includes(node)) return;
    status.textContent = `Adding the neighbours of ${graph.getNodeAttribute(node, "label")}…`;
    await expand(graph, node, expanded);
    settle(graph, geo?.checked);
    links(section, expanded);
    fillPicker(picker, graph, expanded);
    status.textContent = `${graph.order} nodes, ${graph.size} relations.`;
    window.tiegraph.expanded = [...expanded];
  };
  renderer.on("clickNode", ({ node }) => grow(node));
  renderer.on("doubleClickNode", ({ node, event }) => {
    event.preventSigmaDefault();
    location.href = `/entities/${encodeURIComponent(localId(node))}`;
  });
  picker?.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && picker.value) grow(picker.value);
  });
  picker?.addEventListener("change", () => picker.value && grow(picker.value));
  geo?.addEventListener("change", () => settle(graph, geo.checked));
  fillPicker(picker, graph, expanded);
  status.textContent = `${graph.order} nodes, ${graph.size} relations.`;
  storyMaker(section, graph);
}

// The story maker: each step keeps the view as it stands (nodes where they are, the relations
// chosen highlighted) with its caption; saving needs the service's token.
function storyMaker(section, graph) {
  const maker = section.querySelector("[data-story-maker]");
  if (!maker) return;
  const highlight = maker.querySelector("[data-story-highlight]");
  const steps = [];
  const fill = () => {
    const name = (node) => graph.getNodeAttribute(node, "label") ?? node;
    highlight.replaceChildren(...graph.mapEdges((key, a, source, target) => new Option(`${name(source)} — ${a.label} — ${name(target)}`, key)));
  };
  fill();
  graph.on("edgeAdded", () => queueMicrotask(fill));
  maker.querySelector("[data-story-add]").addEventListener("click", () => {
    const chosen = new Set([...highlight.selectedOptions].map((option) => option.value));
    steps.push({
      caption: maker.querySelector("[data-story-caption]").value,
      nodes: graph.mapNodes((iri, a) => ({ iri, label: a.label ?? iri, x: a.x, y: a.y, color: a.color ?? "#666666", size: a.size ?? 6 })),
      edges: graph.mapEdges((key, a, source, target) => ({ source, target, label: a.label ?? "", highlighted: chosen.has(key) })),
    });
    maker.querySelector("[data-story-count]").textContent = `${steps.length} step(s).`;
  });
  maker.querySelector("[data-story-save]").addEventListener("click", async () => {
    const out = maker.querySelector("[data-story-saved]");
    const response = await fetch("/stories", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${maker.querySelector("[data-story-token]").value.trim()}` },
      body: JSON.stringify({ title: maker.querySelector("[data-story-title]").value, steps }),
    });
    const answer = await response.json();
    if (!response.ok) {
      out.textContent = answer.error?.message ?? response.statusText;
      out.className = "error";
      return;
    }
    const link = Object.assign(document.createElement("a"), { href: answer.url, textContent: `Story saved: ${answer.url}` });
    link.dataset.storyLink = "";
    const code = Object.assign(document.createElement("code"), { textContent: answer.embed });
    out.className = "done";
    out.replaceChildren(link, document.createElement("br"), "Embed it with ", code);
  });
}

async function expand(graph, node, expanded) {
  const response = await fetch(`/neighbourhood?${new URLSearchParams({ around: node })}`);
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error?.message ?? response.statusText);
  const origin = graph.hasNode(node) ? graph.getNodeAttributes(node) : { x: 0, y: 0 };
  for (const { iri, label, color, size, kind, latitude, longitude } of answer.nodes) {
    if (graph.hasNode(iri)) continue;
    const angle = Math.random() * 2 * Math.PI;
    graph.addNode(iri, { label, color, kind, latitude, longitude, x: origin.x + Math.cos(angle), y: origin.y + Math.sin(angle), size: 4 + size / 3 });
  }
  for (const { source, target, label } of answer.edges) {
    const key = `${source} ${target}`;
    if (!graph.hasEdge(key)) graph.addEdgeWithKey(key, source, target, { label, size: 1, color: "#bbb" });
  }
  if (!expanded.includes(answer.centres[0])) expanded.push(answer.centres[0]);
}

function settle(graph, geographic = false) {
  layOut(graph);
  if (geographic) placeOnMap(graph);
}

function placeOnMap(graph) {
  // Places with coordinates go to them, scaled into the layout's own extent; the rest stay.
  const placed = graph.filterNodes((_, a) => Number.isFinite(a.longitude) && Number.isFinite(a.latitude));
  if (!placed.length) return;
  const xs = graph.mapNodes((_, a) => a.x), ys = graph.mapNodes((_, a) => a.y);
  const lon = placed.map((n) => graph.getNodeAttribute(n, "longitude")), lat = placed.map((n) => graph.getNodeAttribute(n, "latitude"));
  const scale = (value, values, target) => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const [from, to] = [Math.min(...target), Math.max(...target)];
    return high === low ? (from + to) / 2 : from + ((value - low) / (high - low)) * (to - from);
  };
  placed.forEach((node, n) => graph.mergeNodeAttributes(node, { x: scale(lon[n], lon, xs), y: scale(lat[n], lat, ys) }));
}

function links(section, expanded) {
  for (const link of section.querySelectorAll("[data-download]")) {
    const query = new URLSearchParams(expanded.map((node) => ["around", localId(node)]));
    link.href = `/export/graph.${link.dataset.download}?${query}`;
  }
}

function fillPicker(picker, graph, expanded) {
  if (!picker) return;
  const nodes = graph.filterNodes((node) => !expanded.includes(node)).sort((a, b) => label(graph, a).localeCompare(label(graph, b)));
  picker.replaceChildren(new Option("choose a node…", ""), ...nodes.map((node) => new Option(label(graph, node), node)));
}

async function paths(container, status) {
  const found = JSON.parse(container.dataset.paths);
  const graph = new Graph({ multi: true, type: "directed" });
  const ends = new Set([found.from.iri, found.to.iri]);
  for (const path of found.paths) {
    for (const node of path.nodes) {
      graph.mergeNode(node.iri, { label: node.label ?? node.id, size: ends.has(node.iri) ? 12 : 8, color: ends.has(node.iri) ? PATH_COLOURS.end : PATH_COLOURS.middle, x: Math.random(), y: Math.random() });
    }
    for (const hop of path.hops) {
      for (const fact of hop.facts) {
        const key = `${fact.subject} ${fact.predicate} ${fact.object}`;
        if (!graph.hasEdge(key)) graph.addEdgeWithKey(key, fact.subject, fact.object, { label: fact.predicate_label, size: 2, color: "#999" });
      }
    }
  }
  settle(graph);
  const renderer = new Sigma(graph, container, { ...SIGMA_SETTINGS, renderEdgeLabels: true });
  interactive(container, graph, renderer, "tiegraph:paths-drawn");
  status.textContent = `${graph.order} nodes on ${found.paths.length} path(s).`;
}

function interactive(container, graph, renderer, mark) {
  renderer.refresh();
  performance.mark(mark);
  window.tiegraph.views.push({ container, graph, renderer });
  window.tiegraph.graph = graph;
  container.dataset.drawn = "true";
}

const label = (graph, node) => graph.getNodeAttribute(node, "label") ?? node;
