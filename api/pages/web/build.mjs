// Bundles the explorer's scripts and styles into dist/ (served at /assets): one bundle per kind
// of page, so the home page does not load the graph view nor the query editor.
import { build } from "esbuild";

await build({
  entryPoints: {
    explorer: "src/explorer.js",
    "explorer-style": "src/explorer.css",
    graph: "src/graph.js",
    query: "src/query.js",
    add: "src/add.js",
    story: "src/story.js",
  },
  outdir: "dist",
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: "es2020",
  entryNames: "[name]",
  logLevel: "warning",
});
