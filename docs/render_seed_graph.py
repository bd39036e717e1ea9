"""Draw the seed graph's GEXF export the way Gephi shows it, for the README (docs/seed-graph.png).

    .venv/bin/pip install -e .[render] && .venv/bin/python docs/render_seed_graph.py [GEXF] [-o PNG]

Without GEXF it loads the seeds into a memory store and exports them first. The picture uses only
what the file carries: viz colours and sizes, and viz positions, which pin places with
coordinates to the map while a force layout settles everything else around them.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABELLED_SIZE = 16.0  # label nodes at least this big (degree 4 and more)


def seed_gexf() -> bytes:
    """The seed graph exported as static GEXF, events drawn as edges."""
    from graph import load_files, load_settings, open_dataset
    from graph.export import ExportRequest, export_graph

    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, sorted((ROOT / "seeds").glob("*.trig")))
    out = io.BytesIO()
    export_graph(kg, out, ExportRequest(format="gexf", events="edges"))
    return out.getvalue()


def layout(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A force layout that starts from the map: places with coordinates begin where they lie."""
    pinned = {n: (d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for n, d in g.nodes(data=True) if "position" in d.get("viz", {})}
    xs, ys = [p[0] for p in pinned.values()], [p[1] for p in pinned.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    start = {n: ((x - cx) / span, (y - cy) / span) for n, (x, y) in pinned.items()}
    return nx.spring_layout(nx.Graph(g), pos=start or None, k=0.45 / len(g) ** 0.5 * 3, iterations=200, seed=7)


def draw(g: nx.MultiDiGraph, target: Path) -> None:
    g = g.subgraph(max(nx.weakly_connected_components(g), key=len)).copy()  # as Gephi's giant-component filter
    positions = layout(g)
    fig, ax = plt.subplots(figsize=(16, 12), dpi=110)
    fig.patch.set_facecolor("white")
    for u, v in g.edges():
        (x1, y1), (x2, y2) = positions[u], positions[v]
        ax.plot([x1, x2], [y1, y2], color="#9a9a9a", linewidth=0.7, alpha=0.6, zorder=1)
    kinds: dict[str, tuple[float, float, float]] = {}
    for node, data in g.nodes(data=True):
        colour = data["viz"]["color"]
        rgb = (colour["r"] / 255, colour["g"] / 255, colour["b"] / 255)
        kinds.setdefault(_family(data.get("kind", "")), rgb)
        size = data["viz"]["size"]
        x, y = positions[node]
        ax.scatter([x], [y], s=size**2 * 0.9, color=rgb, edgecolors="white", linewidths=1.2, zorder=2)
        if size >= LABELLED_SIZE:
            ax.annotate(data.get("label", node), (x, y), xytext=(0, size * 0.55 + 4), textcoords="offset points",
                        ha="center", fontsize=9, color="#222222", zorder=3,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7})
    handles = [Line2D([], [], marker="o", linestyle="", color=rgb, markersize=10, label=kind) for kind, rgb in sorted(kinds.items())]
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=10)
    ax.set_title("tiegraph seed graph — exported as GEXF, colour by class, size by degree, places on the map", fontsize=13)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(target)


def _family(kind: str) -> str:
    """One legend entry per colour family rather than per class."""
    for word, family in (("city", "Place"), ("Province", "Place"), ("Country", "Place"), ("zone", "Development zone"),
                         ("park", "Development zone"), ("Headquarters", "Facility"), ("centre", "Facility"), ("statement", "Statement"),
                         ("figure", "Statement"), ("Company", "Firm"), ("Business unit", "Firm"), ("municipality", "Place"), ("Research firm", "Research firm")):
        if word.lower() in kind.lower():
            return family
    return kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gexf", nargs="?", type=Path, help="a GEXF export (default: export the seeds)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "seed-graph.png")
    options = parser.parse_args()
    source = options.gexf.read_bytes() if options.gexf else seed_gexf()
    draw(nx.read_gexf(io.BytesIO(source), version="1.3"), options.output)
    print(f"wrote {options.output}")


if __name__ == "__main__":
    main()
