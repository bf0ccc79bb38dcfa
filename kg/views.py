"""HTML views of the graph: an overview page and one page per entity type.

Every page is a pyvis (vis-network) page that works offline from ``file://``: the JS
and CSS are inlined, the CDN links of pyvis's template are removed, node positions are
computed here once and physics is off, so the browser draws at once even with
thousands of nodes. Nothing is written: :func:`render_site` returns the pages as strings.

Document text reaches a page in two places, both inert:

* tooltips (``title``) are HTML built from ``html.escape``-d text; a small script turns
  them into elements, because vis-network 9 shows a string title as plain text;
* the node/edge JSON goes through Jinja's ``tojson``, which writes ``<``, ``>``, ``&``
  and ``'`` as ``\\u003c``…, so a ``</script>`` in a label cannot close the script block.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.model import EntityType, RelationType
from kg.ns import KG

# ---------------------------------------------------------------- look

@dataclass(frozen=True, slots=True)
class TypeStyle:
    name: str  # Chinese name, as in ontology/kg.ttl
    color: str  # Tableau 10: distinct, readable on white, kind to colour-blind readers
    page: str


TYPE_STYLES: dict[EntityType, TypeStyle] = {
    EntityType.REGION: TypeStyle("地区", "#4e79a7", "region.html"),
    EntityType.ENTERPRISE: TypeStyle("企业", "#f28e2b", "enterprise.html"),
    EntityType.PROJECT: TypeStyle("项目", "#59a14f", "project.html"),
    EntityType.CAMPAIGN: TypeStyle("行动", "#b07aa1", "campaign.html"),
    EntityType.TARGET: TypeStyle("目标", "#e15759", "target.html"),
}
RELATION_NAMES: dict[RelationType, str] = {
    RelationType.INVOLVES: "涉及",
    RelationType.LOCATED_IN: "位于",
    RelationType.PART_OF: "属于",
    RelationType.HAS_TARGET: "目标",
}
NEIGHBOUR_COLOR = "#c8c8c8"
MAX_LABEL = 18  # characters of a node label on the canvas; the tooltip has the full label
MAX_EVIDENCE = 3  # sentences per tooltip
MAX_SENTENCE = 160  # characters of one evidence sentence in a tooltip
SPRING_LIMIT = 500  # networkx's spring_layout needs scipy from 500 nodes on

_CLASS_TYPE: dict[URIRef, EntityType] = {
    KG.Region: EntityType.REGION,
    KG.Enterprise: EntityType.ENTERPRISE,
    KG.Project: EntityType.PROJECT,
    KG.Campaign: EntityType.CAMPAIGN,
    KG.Target: EntityType.TARGET,
}
_PREDICATE_TYPE: dict[URIRef, RelationType] = {
    KG.involves: RelationType.INVOLVES,
    KG.locatedIn: RelationType.LOCATED_IN,
    KG.partOf: RelationType.PART_OF,
    KG.hasTarget: RelationType.HAS_TARGET,
}
_TYPE_ORDER = {t: i for i, t in enumerate(EntityType)}

# ---------------------------------------------------------------- graph → nodes and edges


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """A sentence a fact rests on; ``text`` is empty for facts inferred from the gazetteer."""

    document: str  # dcterms:identifier of the document
    sentence: int  # kg:sentenceIndex, -1 when unknown
    text: str
    title: str = ""  # dcterms:title of the document


@dataclass(frozen=True, slots=True)
class ViewNode:
    id: str  # the entity IRI
    type: EntityType
    label: str
    aliases: tuple[str, ...]
    mentions: int
    evidence: tuple[Evidence, ...]  # distinct sentences, sorted


@dataclass(frozen=True, slots=True)
class ViewEdge:
    head: str
    relation: RelationType
    tail: str
    assertions: int  # kg:Assertion nodes that state this edge
    evidence: tuple[Evidence, ...]


class _Provenance:
    """Sentence and document lookups shared by nodes and edges (one pass per predicate)."""

    def __init__(self, graph: Graph) -> None:
        self.sentence = _single(graph, KG.inSentence)
        self.heading = _single(graph, KG.viaHeading)
        self.derived = _single(graph, PROV.wasDerivedFrom)
        self.part_of = _single(graph, DCTERMS.isPartOf)
        self.text = _single(graph, KG.text)
        self.index = _single(graph, KG.sentenceIndex)
        self.doc_id = _single(graph, DCTERMS.identifier)
        self.doc_title = _single(graph, DCTERMS.title)

    def evidence(self, fact: URIRef) -> list[Evidence]:
        """The sentences a mention or assertion rests on (an assertion's heading too);
        empty if it names no document, one with empty text if it names no sentence."""
        doc = self.derived.get(fact)
        sentences = [s for s in (self.heading.get(fact), self.sentence.get(fact)) if s is not None]
        if doc is None and sentences:
            doc = self.part_of.get(sentences[-1])
        if doc is None:
            return []
        document, title = str(self.doc_id.get(doc, doc)), str(self.doc_title.get(doc, ""))
        if not sentences:
            return [Evidence(document, -1, "", title)]
        out = []
        for s in sentences:
            index = self.index.get(s)
            out.append(Evidence(document, int(index.toPython()) if isinstance(index, Literal) else -1,
                                str(self.text.get(s, "")), title))
        return out


def _single(graph: Graph, predicate: URIRef) -> dict:
    """subject -> object for a predicate; with several objects the smallest wins (deterministic)."""
    out: dict = {}
    for s, _, o in graph.triples((None, predicate, None)):
        if s not in out or str(o) < str(out[s]):
            out[s] = o
    return out


def entity_types(graph: Graph) -> dict[URIRef, EntityType]:
    """Every entity of the five types; an IRI with two types gets the first in EntityType order."""
    types: dict[URIRef, EntityType] = {}
    for cls, type_ in _CLASS_TYPE.items():
        for s in graph.subjects(RDF.type, cls):
            if isinstance(s, URIRef):
                types.setdefault(s, type_)
    return types


def graph_nodes(graph: Graph) -> list[ViewNode]:
    """The entities of `graph` with labels, aliases, mention counts and evidence, sorted by type and label."""
    types = entity_types(graph)
    labels: dict[URIRef, set[str]] = defaultdict(set)
    for s, _, o in graph.triples((None, SKOS.prefLabel, None)):
        if s in types:
            labels[s].add(str(o))
    alt: dict[URIRef, set[str]] = defaultdict(set)
    for s, _, o in graph.triples((None, SKOS.altLabel, None)):
        if s in types:
            alt[s].add(str(o))
    mentions: dict[URIRef, set[URIRef]] = defaultdict(set)
    for m, _, e in graph.triples((None, KG.mentionOf, None)):
        if e in types:
            mentions[e].add(m)
    prov = _Provenance(graph) if mentions else None

    nodes = []
    for iri, type_ in types.items():
        names = labels[iri] or alt[iri] or {_local_name(iri)}
        label = min(names)
        evidence = {ev for m in mentions[iri] if prov for ev in prov.evidence(m)}
        nodes.append(ViewNode(
            id=str(iri),
            type=type_,
            label=label,
            aliases=tuple(sorted((labels[iri] | alt[iri]) - {label})),
            mentions=len(mentions[iri]),
            evidence=tuple(sorted(evidence)),
        ))
    nodes.sort(key=lambda n: (_TYPE_ORDER[n.type], n.label, n.id))
    return nodes


def graph_edges(graph: Graph) -> list[ViewEdge]:
    """Relations between entities (direct triples and kg:Assertion nodes), with evidence, sorted."""
    facts: dict[tuple[str, RelationType, str], set[URIRef]] = {}
    for predicate, rel in _PREDICATE_TYPE.items():
        for h, t in graph.subject_objects(predicate):
            facts.setdefault((str(h), rel, str(t)), set())
    subject = _single(graph, RDF.subject)
    predicate_of = _single(graph, RDF.predicate)
    object_ = _single(graph, RDF.object)
    for a in set(graph.subjects(RDF.type, KG.Assertion)):
        rel = _PREDICATE_TYPE.get(predicate_of.get(a))  # type: ignore[arg-type]
        if rel is None or a not in subject or a not in object_:
            continue
        facts.setdefault((str(subject[a]), rel, str(object_[a])), set()).add(a)
    prov = _Provenance(graph) if any(facts.values()) else None
    edges = []
    for (h, rel, t), assertions in facts.items():
        evidence = {ev for a in assertions if prov for ev in prov.evidence(a)}
        edges.append(ViewEdge(h, rel, t, len(assertions), tuple(sorted(evidence))))
    edges.sort(key=lambda e: (e.head, e.relation.value, e.tail))
    return edges


def _local_name(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- layout


def layout_positions(node_ids: Iterable[str], edges: Iterable[tuple[str, str]],
                     *, spacing: float = 80.0) -> dict[str, tuple[int, int]]:
    """Pixel positions: each connected component laid out on its own, then packed in rows.

    Components are spring-laid by networkx (seed 0); from SPRING_LIMIT nodes on a
    component gets the same Fruchterman-Reingold in chunked numpy (see _force_layout).
    A component of n nodes gets a disc of radius ``spacing * sqrt(n)``.
    """
    import networkx as nx

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


# ---------------------------------------------------------------- pages


def render_site(graph: Graph, *, title: str = "政策知识图谱") -> dict[str, str]:
    """Pages for ``output/html/``: ``index.html`` (every entity) and one page per entity type.

    Returns file name -> HTML text; writes nothing. The same graph gives the same bytes.
    """
    nodes = graph_nodes(graph)
    known = {n.id for n in nodes}
    edges = [e for e in graph_edges(graph) if e.head in known and e.tail in known]
    positions = layout_positions(known, ((e.head, e.tail) for e in edges))
    short_id = {n.id: f"n{i}" for i, n in enumerate(nodes)}  # IRIs stay out of the page
    counts = Counter(n.type for n in nodes)
    labels = {n.id: n.label for n in nodes}
    tooltips = {n.id: _node_tooltip(n) for n in nodes}  # computed once, used on up to two pages
    tooltips.update({_edge_key(e): _edge_tooltip(e, labels[e.head], labels[e.tail]) for e in edges})
    site = _Site(title, counts, len(nodes), len(edges), positions, short_id, tooltips)

    pages = {"index.html": site.page(nodes, edges, focus=None)}
    for type_, style in TYPE_STYLES.items():
        focal = {n.id for n in nodes if n.type is type_}
        page_edges = [e for e in edges if e.head in focal or e.tail in focal]
        shown = focal | {e.head for e in page_edges} | {e.tail for e in page_edges}
        pages[style.page] = site.page([n for n in nodes if n.id in shown], page_edges, focus=type_)
    return pages


@dataclass(frozen=True)
class _Site:
    title: str
    counts: Mapping[EntityType, int]
    n_nodes: int
    n_edges: int
    positions: Mapping[str, tuple[int, int]]
    short_id: Mapping[str, str]
    tooltips: Mapping[str, str]  # by node id and by _edge_key

    def page(self, nodes: Sequence[ViewNode], edges: Sequence[ViewEdge], *, focus: EntityType | None) -> str:
        from pyvis.network import Network  # heavy import (IPython, networkx): keep `kg --help` fast

        net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
        # UTF-8 instead of \uXXXX for Chinese text (half the size); tojson still escapes < > & '.
        net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
        net.options = _OPTIONS  # a dict: Network.set_options() strips every space from the JSON
        for n in nodes:
            x, y = self.positions[n.id]
            grey = focus is not None and n.type is not focus
            color = NEIGHBOUR_COLOR if grey else TYPE_STYLES[n.type].color
            net.add_node(
                self.short_id[n.id], label=_truncate(n.label), title=self.tooltips[n.id], x=x, y=y,
                size=round(10 + 6 * math.log2(1 + n.mentions), 1),
                color={"background": color, "border": _darker(color),
                       "highlight": {"background": color, "border": "#222222"},
                       "hover": {"background": color, "border": "#222222"}},
                font={"color": "#999999" if grey else "#222222"},
            )
        for e in edges:
            net.add_edge(
                self.short_id[e.head], self.short_id[e.tail],
                label=RELATION_NAMES[e.relation], title=self.tooltips[_edge_key(e)],
                width=round(1 + math.log2(max(e.assertions, 1)), 1),
            )
        return self._finish(net.generate_html(), focus, len(nodes), len(edges))

    def _finish(self, page: str, focus: EntityType | None, n_nodes: int, n_edges: int) -> str:
        """Make pyvis's output self-contained and add our title, navigation, legend and script."""
        page, n = _REMOTE_TAG.subn("", page)
        if n != 2:  # bootstrap CSS + JS (unused: only the select/filter menus need them)
            raise RuntimeError(f"pyvis template changed: expected 2 CDN tags, found {n}")
        page = _EMPTY_HEADING.sub("", page)
        page = _once(page, '<html>', '<!DOCTYPE html>\n<html lang="zh-CN">')  # standards mode
        page_title = f"{self.title} · " + ("总览" if focus is None else TYPE_STYLES[focus].name)
        page = _once(page, '<meta charset="utf-8">',
                     f'<meta charset="utf-8">\n<title>{_esc(page_title)}</title>'
                     '\n<meta name="viewport" content="width=device-width, initial-scale=1">')
        page = _once(page, "</head>", f"<style>{_CSS}</style>\n</head>")
        page = _once(page, "<body>", "<body>\n" + self._header(focus, n_nodes, n_edges))
        page = _once(page, "</body>", f"<script>{_SCRIPT}</script>\n</body>")
        if _REMOTE_REF.search(page):
            raise RuntimeError("page still refers to a remote resource")
        return page

    def _header(self, focus: EntityType | None, n_nodes: int, n_edges: int) -> str:
        links = [_nav_link("index.html", "总览", self.n_nodes, focus is None)]
        legend = []
        for type_, style in TYPE_STYLES.items():
            count = self.counts.get(type_, 0)
            links.append(_nav_link(style.page, style.name, count, focus is type_))
            legend.append(f'<li><span class="kg-swatch" style="background:{style.color}"></span>'
                          f'{_esc(style.name)} <small>{_esc(type_.value)}</small> · {count}</li>')
        if focus is not None:
            legend.append(f'<li><span class="kg-swatch" style="background:{NEIGHBOUR_COLOR}"></span>'
                          '相邻的其他类型实体</li>')
            heading = f"{self.title} · {TYPE_STYLES[focus].name}（{focus.value}）"
        else:
            heading = f"{self.title} · 总览"
        summary = (f"本页 {n_nodes} 个实体、{n_edges} 条关系（全图 {self.n_nodes} 个实体、{self.n_edges} 条关系）。"
                   "节点大小表示提及次数；悬停查看证据句，滚轮缩放，拖动平移。")
        return (f'<header class="kg-header">\n<h1>{_esc(heading)}</h1>\n'
                f'<nav>{" ".join(links)}</nav>\n'
                f'<ul class="kg-legend">{"".join(legend)}</ul>\n'
                f'<p class="kg-summary">{_esc(summary)}</p>\n</header>\n')


def _nav_link(href: str, name: str, count: int, current: bool) -> str:
    attr = ' aria-current="page"' if current else ""
    return f'<a href="{_esc(href)}"{attr}>{_esc(name)} ({count})</a>'


def _node_tooltip(n: ViewNode) -> str:
    style = TYPE_STYLES[n.type]
    parts = [f"<b>{_esc(n.label)}</b>",
             f'<br>类型：<span style="color:{style.color}">{_esc(style.name)}</span> ({_esc(n.type.value)})']
    if n.aliases:
        parts.append(f"<br>别名：{_esc('；'.join(n.aliases))}")
    parts.append(f"<br>提及：{n.mentions} 次")
    parts.append(_evidence_list(n.evidence))
    return "".join(parts)


def _edge_key(e: ViewEdge) -> str:
    return f"{e.head} {e.relation.value} {e.tail}"


def _edge_tooltip(e: ViewEdge, head: str, tail: str) -> str:
    name = RELATION_NAMES[e.relation]
    return (f"<b>{_esc(head)}</b> → {_esc(name)} → <b>{_esc(tail)}</b>"
            f"<br>关系：{_esc(name)} ({_esc(e.relation.value)})，{e.assertions} 条断言"
            + _evidence_list(e.evidence))


def _evidence_list(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return ""
    items = []
    for ev in evidence[:MAX_EVIDENCE]:
        doc = _esc(ev.document) + (f" 《{_esc(ev.title)}》" if ev.title and ev.title != ev.document else "")
        text = _esc(_truncate(ev.text, MAX_SENTENCE)) if ev.text else "（由地名库推断）"
        items.append(f"<li><i>{doc}</i>：{text}</li>")
    more = f"<br>另有 {len(evidence) - MAX_EVIDENCE} 句" if len(evidence) > MAX_EVIDENCE else ""
    return f'<ul class="kg-evidence">{"".join(items)}</ul>{more}'


def _esc(text: str) -> str:
    """HTML-escape document text. 'href' is spelled with an entity because pyvis switches to
    a different tooltip template (innerHTML popups) when a node title contains 'href'."""
    return html.escape(text, quote=True).replace("href", "hre&#102;")


def _truncate(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _darker(color: str) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.75) for c in (r, g, b)))


def _once(page: str, old: str, new: str) -> str:
    if page.count(old) != 1:
        raise RuntimeError(f"pyvis template changed: {old!r} occurs {page.count(old)} times")
    return page.replace(old, new)


# pyvis 0.3.2's template links bootstrap from cdn.jsdelivr.net even with cdn_resources="in_line".
_REMOTE_TAG = re.compile(
    r'<link\b[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*>'
    r'|<script\b[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>\s*</script>', re.S)
_REMOTE_REF = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', re.I)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*")

_FONTS = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
_OPTIONS = {
    "physics": {"enabled": False},  # positions come from layout_positions
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
    "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "face": _FONTS}},
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#333333"},
        "font": {"size": 11, "color": "#666666", "face": _FONTS, "strokeWidth": 3, "align": "middle"},
    },
}
_CSS = f"""
html, body {{ height: 100%; }}
body {{ margin: 0; display: flex; flex-direction: column; font-family: {_FONTS}; color: #222; }}
body > .card {{ flex: 1 1 auto; min-height: 0; }}
#mynetwork {{ float: none; box-sizing: border-box; }}
.kg-header {{ padding: 8px 16px 4px; border-bottom: 1px solid #ddd; }}
.kg-header h1 {{ font-size: 20px; margin: 0 0 4px; }}
.kg-header nav a {{ margin-right: 12px; color: #1f5fa8; text-decoration: none; }}
.kg-header nav a[aria-current] {{ font-weight: bold; color: #222; }}
.kg-legend {{ list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }}
.kg-swatch {{ display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }}
.kg-summary {{ margin: 4px 0 0; font-size: 12px; color: #666; }}
div.vis-tooltip {{ white-space: normal; max-width: 440px; font-family: {_FONTS}; font-size: 13px; }}
.kg-evidence {{ margin: 4px 0 0; padding-left: 18px; }}
""".strip()
# vis-network 9 shows a string title as text. Our titles are HTML made of escaped text
# (kg/views.py: _esc), so turning them into elements is safe and gives readable tooltips.
# Done on hover, one item at a time: updating all 12,000 items of a 5,000-node page at
# load took 1.6 s in Chromium.
_SCRIPT = """
(function () {
  function tip(markup) { var d = document.createElement("div"); d.className = "kg-tip"; d.innerHTML = markup; return d; }
  function convert(ds, id) {
    var item = ds.get(id);
    if (item && typeof item.title === "string") { ds.update({id: id, title: tip(item.title)}); }
  }
  network.on("hoverNode", function (p) { convert(nodes, p.node); });
  network.on("hoverEdge", function (p) { convert(edges, p.edge); });
})();
"""
