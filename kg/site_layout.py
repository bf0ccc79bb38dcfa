"""Node positions for the graph pages, computed once in Python so the browser draws at once.

The overview uses a force layout per connected component (networkx, seeded), packed in
rows; an entity page uses rings around the entity (:func:`ego_layout`), so that the
second ring can be hidden without moving the first.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

SPRING_LIMIT = 500  # networkx's spring_layout needs scipy from 500 nodes on


def layout_positions(node_ids: Iterable[str], edges: Iterable[tuple[str, str]],
                     *, spacing: float = 80.0) -> dict[str, tuple[int, int]]:
    """Pixel positions: each connected component laid out on its own, then packed in rows.

    Components are spring-laid by networkx (seed 0); from SPRING_LIMIT nodes on a
    component gets the same Fruchterman-Reingold in chunked numpy (see _force_layout).
    A component of n nodes gets a disc of radius ``spacing * sqrt(n)``.
    """
    import networkx as nx  # type: ignore[import-untyped]

    g = nx.Graph()
    g.add_nodes_from(sorted(set(node_ids)))
    g.add_edges_from(sorted({(min(h, t), max(h, t)) for h, t in edges if h != t and h in g and t in g}))
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))

    gap = spacing
    boxes = [(c, _component_layout(g, c), spacing * math.sqrt(len(c))) for c in components]
    area = sum((2 * r + gap) ** 2 for _, _, r in boxes)
    row_width = max([2 * r + gap for _, _, r in boxes[:1]] + [1.2 * math.sqrt(area)])
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for comp, local, r in boxes:  # shelf packing, largest first
        w = 2 * r + gap
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + w / 2, y + w / 2
        for n in comp:
            lx, ly = local[n]
            pos[n] = (round(cx + lx * r), round(cy + ly * r))
        x += w
        row_height = max(row_height, w)
    return pos


def _component_layout(g, comp: list[str]) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² for one connected component (nodes in sorted order)."""
    import networkx as nx

    if len(comp) == 1:
        return {comp[0]: (0.0, 0.0)}
    if len(comp) == 2:
        return {comp[0]: (-0.8, 0.0), comp[1]: (0.8, 0.0)}
    sub = nx.Graph()
    sub.add_nodes_from(comp)  # insertion order fixes the seeded start positions
    sub.add_edges_from(sorted(g.subgraph(comp).edges()))
    if len(comp) < SPRING_LIMIT:
        pos = nx.spring_layout(sub, seed=0)
        arr = [pos[n] for n in comp]
    else:
        index = {n: i for i, n in enumerate(comp)}
        arr = list(_force_layout(len(comp), [(index[a], index[b]) for a, b in sub.edges()]))
    xs = [float(p[0]) for p in arr]
    ys = [float(p[1]) for p in arr]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    scale = max(max(abs(v - mx) for v in xs), max(abs(v - my) for v in ys)) or 1.0
    return {n: ((x - mx) / scale, (y - my) / scale) for n, x, y in zip(comp, xs, ys)}


def _force_layout(n: int, edges: Sequence[tuple[int, int]], *, iterations: int = 50, seed: int = 0):
    """Fruchterman-Reingold as in networkx's dense ``_fruchterman_reingold``, in row blocks.

    networkx switches to a scipy-based solver at 500 nodes, and its dense version holds
    n×n×2 float64 arrays (400 MB at 5,000 nodes). Here repulsion is summed over blocks
    of ~50 rows in float32 (a few MB): ~0.04 s per iteration at 5,000 nodes.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    u = np.array([a for a, _ in edges], dtype=np.intp)
    v = np.array([b for _, b in edges], dtype=np.intp)
    block = max(1, 250_000 // n)
    disp = np.zeros((n, 2))
    for _ in range(iterations):
        x = pos[:, 0].astype(np.float32)
        y = pos[:, 1].astype(np.float32)
        for start in range(0, n, block):
            dx = x[start:start + block, None] - x[None, :]
            dy = y[start:start + block, None] - y[None, :]
            w = dx * dx
            w += dy * dy
            np.maximum(w, 1e-6, out=w)  # also for a node and itself, whose dx, dy are 0
            np.divide(k * k, w, out=w)
            disp[start:start + block, 0] = (dx * w).sum(axis=1)
            disp[start:start + block, 1] = (dy * w).sum(axis=1)
        if len(u):
            delta = pos[u] - pos[v]
            f = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            np.subtract.at(disp, u, f)
            np.add.at(disp, v, f)
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, 0.01, out=length)
        pos += disp * (t / length)[:, None]
        t -= dt
    return pos


def ego_layout(ring1: Sequence[str], ring2: Sequence[str], parent: Mapping[str, str],
               *, spacing: float = 70.0) -> dict[str, tuple[int, int]]:
    """Positions around an entity at (0, 0): its neighbours on a ring, theirs on an outer ring.

    Each first-ring node gets an angular sector as wide as its share of the second ring
    (at least half an average share), sits in the middle of it, and its second-ring
    nodes (``parent[node]``) spread across it. Hiding the second ring moves nothing.

    >>> ego_layout(["a", "b"], ["c"], {"c": "a"}, spacing=50)
    {'a': (0, -100), 'c': (0, -200), 'b': (0, 100)}
    """
    pos: dict[str, tuple[int, int]] = {}
    if not ring1:
        return pos
    children: dict[str, list[str]] = {p: [] for p in ring1}
    for c in ring2:
        children[parent[c]].append(c)
    least = max(1.0, len(ring2) / (2 * len(ring1)))
    weight = {p: max(float(len(children[p])), least) for p in ring1}
    total = sum(weight.values())
    r1 = max(2 * spacing, 1.3 * spacing * len(ring1) / (2 * math.pi))
    r2 = max(r1 + 2 * spacing, spacing * len(ring2) / (2 * math.pi))
    angle = -math.pi / 2 - math.pi * weight[ring1[0]] / total  # the first node straight above
    for p in ring1:
        sector = 2 * math.pi * weight[p] / total
        mid = angle + sector / 2
        pos[p] = (round(r1 * math.cos(mid)), round(r1 * math.sin(mid)))
        kids = children[p]
        for i, c in enumerate(kids):
            a = mid if len(kids) == 1 else angle + sector * (i + 0.5) / len(kids)
            pos[c] = (round(r2 * math.cos(a)), round(r2 * math.sin(a)))
        angle += sector
    return pos
