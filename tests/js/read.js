// Read a tiegraph GEXF or GraphML export with graphology and print what it holds as JSON,
// so the Python tests can compare it with networkx's reading of the same file.
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');

const [path] = process.argv.slice(2);
const text = fs.readFileSync(path, 'utf-8');
const parser = path.endsWith('.graphml') ? graphml : gexf;
const graph = parser.parse(Graph, text);
const nodes = {};
graph.forEachNode((node, attributes) => { nodes[node] = attributes; });
const edges = {};
graph.forEachEdge((edge, attributes, source, target) => { edges[edge] = { source, target, attributes }; });
process.stdout.write(JSON.stringify({ multi: graph.multi, type: graph.type, nodes, edges }));
