// What every graph view shares: the sigma settings and a ForceAtlas2 layout run to rest.
import forceAtlas2 from "graphology-layout-forceatlas2";

// Labels are culled on a grid so that big graphs stay legible; the small views here show nearly all.
export const SIGMA_SETTINGS = { labelDensity: 2, labelGridCellSize: 60, labelRenderedSizeThreshold: 4 };
const LAYOUT_ITERATIONS = 120;

export function settle(graph) {
  graph.forEachNode((node, a) => {
    if (!Number.isFinite(a.x) || !Number.isFinite(a.y)) graph.mergeNodeAttributes(node, { x: Math.random(), y: Math.random() });
  });
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300 };
  forceAtlas2.assign(graph, { iterations: LAYOUT_ITERATIONS, settings });
}

export const localId = (iri) => (iri.startsWith("https://tiegraph.org/id/") ? iri.slice("https://tiegraph.org/id/".length) : iri);

// Short names for IRIs in labels: the last segment after / or #.
export const shortName = (iri) => iri.replace(/^.*[/#]/, "") || iri;
