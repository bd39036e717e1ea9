// The query editor: YASGUI on our /sparql endpoint, with our prefixes and the tie queries as
// ready tabs, and a results view of its own that draws rows holding IRIs (or a CONSTRUCT's
// triples) as a graph. No request leaves for another host: LOV's class and property look-ups
// are switched off, and tabs are not kept in the browser's storage.
import Yasgui from "@zazuko/yasgui";
import "@zazuko/yasgui/build/yasgui.min.css";
import Graph from "graphology";
import Sigma from "sigma";
import { SIGMA_SETTINGS, settle, shortName } from "./draw.js";

class GraphView {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Graph";
  }

  canHandleResults() {
    return this.edges().length > 0;
  }

  // Edges from the results: a CONSTRUCT's triples between IRIs, or, per row of a SELECT, each
  // IRI to the next IRI in the row, labelled by the two variables.
  edges() {
    const results = this.yasr.results;
    if (!results) return [];
    const bindings = results.getBindings?.() ?? [];
    const variables = results.getVariables?.() ?? [];
    const triples = ["subject", "predicate", "object"].every((v) => variables.includes(v));
    const found = [];
    for (const row of bindings) {
      if (triples) {
        if (row.subject?.type === "uri" && row.object?.type === "uri") found.push([row.subject.value, row.object.value, shortName(row.predicate.value)]);
        continue;
      }
      const iris = variables.filter((v) => row[v]?.type === "uri");
      for (let n = 1; n < iris.length; n++) found.push([row[iris[n - 1]].value, row[iris[n]].value, `${iris[n - 1]}–${iris[n]}`]);
    }
    return found;
  }

  draw() {
    const graph = new Graph({ multi: true, type: "directed" });
    for (const [source, target, label] of this.edges()) {
      for (const node of [source, target]) graph.mergeNode(node, { label: shortName(node), size: 6, color: "#1f77b4" });
      graph.addEdge(source, target, { label, size: 1, color: "#999" });
    }
    graph.forEachNode((node) => graph.setNodeAttribute(node, "size", 4 + Math.min(12, graph.degree(node))));
    settle(graph);
    const box = document.createElement("div");
    box.className = "graph";
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", `The results drawn as a graph of ${graph.order} nodes; the Table view lists them.`);
    this.yasr.resultsEl.replaceChildren(box);
    new Sigma(graph, box, { ...SIGMA_SETTINGS, renderEdgeLabels: graph.size < 200 });
    box.dataset.drawn = "true";
    window.tiegraphResultGraph = graph;
  }

  getIcon() {
    const icon = document.createElement("span");
    icon.textContent = "◉";
    return icon;
  }
}

Yasgui.Yasr.registerPlugin("graph", GraphView);

const root = document.getElementById("yasgui");
const prefixes = JSON.parse(root.dataset.prefixes);
const tabs = JSON.parse(root.dataset.tabs);
const declared = Object.entries(prefixes).map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`).join("\n");

const endpoint = new URL("/sparql", location.href).href;
// Every tab starts from the defaults: ours replace YASGUI's (which point at DBpedia).
Object.assign(Yasgui.defaults.requestConfig, { endpoint, method: "POST" });
const yasgui = new Yasgui(root, {
  requestConfig: { endpoint, method: "POST" },
  autofocus: false, // the page opens at its top, keyboard users starting from "Skip to content"
  copyEndpointOnNewTab: true,
  persistenceId: null,
  autoAddOnInit: false,
  endpointCatalogueOptions: { getData: () => [{ endpoint }] },
  yasqe: { autocompleters: ["prefixes", "variables"] },
  yasr: { pluginOrder: ["table", "graph", "response"], defaultPlugin: "table", prefixes },
});
const tab = (name, query) => ({ ...Yasgui.Tab.getDefaults(), name, requestConfig: { ...Yasgui.defaults.requestConfig }, yasqe: { value: query } });
yasgui.addTab(true, tab("Query", `${declared}\n\n# Who gave what to whom, and which document says so\nSELECT ?grantor ?incentive ?recipient ?source WHERE {\n  GRAPH ?source { ?incentive a tg:Incentive ; tg:grantor ?grantor ; tg:recipient ?recipient }\n}`));
for (const { name, query } of tabs) yasgui.addTab(false, tab(name, query));
window.tiegraphYasgui = yasgui;
