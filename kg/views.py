"""The browsable site of the graph (``output/html/``): index, overview graph, entity and document pages.

:func:`render_site` returns every file as text (relative path -> content) and writes
nothing. The site works from ``file://`` with no network: vis-network is copied once
into ``lib/`` from pyvis's package data and pages load it by relative path.

Document text is untrusted (a name may be ``<script>…`` or ``javascript:…``). It reaches
a page only in three ways, all inert:

* as HTML text or attribute values, through :func:`html.escape` (``_esc``);
* inside ``<script type="application/json">`` blocks, through Jinja's ``tojson``
  (``<``, ``>``, ``&`` and ``'`` written as ``\\u003c``…), read with ``JSON.parse`` and
  shown by vis-network as plain text (``innerText``);
* never as a URL: every ``href``/``src`` is a file name made by
  :func:`kg.site_data.page_names` from ``[a-z0-9_-]`` or a hash.

Each page also carries a Content-Security-Policy that allows only scripts from files
(``lib/``), so even a missed escape could not run inline code or reach the network.
"""
from __future__ import annotations

import functools
import heapq
import html
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from kg.model import DocResult, EntityType
from kg.site_assets import FONTS, darker, site_css, site_js, tint, vis_files
from kg.site_data import (
    RELATIONS,
    Document,
    Edge,
    Entity,
    Evidence,
    Mark,
    SiteData,
    read_site,
    search_key,
)
from kg.site_layout import ego_layout, layout_positions

# ---------------------------------------------------------------- look


@dataclass(frozen=True, slots=True)
class TypeStyle:
    name: str  # Chinese name, as in ontology/kg.ttl
    color: str  # Tableau 10: distinct, readable on white, kind to colour-blind readers


TYPE_STYLES: dict[EntityType, TypeStyle] = {
    EntityType.REGION: TypeStyle("地区", "#4e79a7"),
    EntityType.ENTERPRISE: TypeStyle("企业", "#f28e2b"),
    EntityType.PROJECT: TypeStyle("项目", "#59a14f"),
    EntityType.CAMPAIGN: TypeStyle("行动", "#b07aa1"),
    EntityType.TARGET: TypeStyle("目标", "#e15759"),
}
MAX_LABEL = 18  # characters of a node label on a canvas; tooltips and tables have the full label
MAX_RING1 = 60  # neighbours drawn around an entity (the relation table lists all)
MAX_RING2 = 120  # second-hop neighbours drawn
SMALL_GRAPH = 40  # an entity page opens on two hops when they hold at most this many nodes
MAX_EVIDENCE = 300  # evidence sentences listed on an entity page
MAX_REGIONS_SHOWN = 3  # region names in an index row

CSP = ("default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' file: data:; "
       "font-src 'self' file: data:; base-uri 'none'; form-action 'none'")

_GRAPH_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},  # positions are computed in Python
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
    "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "face": FONTS, "strokeWidth": 3}},
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#a7adb5", "highlight": "#333333", "hover": "#333333"},
        "font": {"size": 11, "color": "#5f6670", "face": FONTS, "strokeWidth": 3, "align": "horizontal"},
    },
}
# The overview draws no edge labels (thousands would be noise; the tooltip names the relation).
_OVERVIEW_OPTIONS = {**_GRAPH_OPTIONS, "edges": {**_GRAPH_OPTIONS["edges"], "font": {"size": 0}}}
# pyvis's add_node drops `color` when a node has a `group`: colours live in vis groups
# (graph_style(), written once into lib/site.js), so each node carries only its group name.

# pyvis renders the graph data with this template instead of its own page (which links
# bootstrap and vis-network from CDNs): only a JSON block, which lib/site.js draws.
_NETWORK_TEMPLATE = ('<script type="application/json" id="kg-graph">'
                     '{"edges": {{ edges|tojson }}, "nodes": {{ nodes|tojson }}, "options": {{ options|safe }}}'
                     '</script>')


@functools.cache
def _network_env():
    """One Jinja environment for every page, so the template is compiled once."""
    from jinja2 import DictLoader, Environment

    env = Environment(loader=DictLoader({"kg-network.html": _NETWORK_TEMPLATE}), autoescape=True)
    # UTF-8 rather than \uXXXX for Chinese (half the size); tojson still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


# ---------------------------------------------------------------- entry point


def render_site(graph: Graph, documents: Sequence[DocResult] | None = None, *,
                title: str = "政策知识图谱") -> dict[str, str]:
    """Every file of the site: relative path -> text. Writes nothing; the same input gives the same bytes.

    `documents` (optional) gives the full texts and mention offsets for the document
    pages; without them a document page shows the sentences the graph keeps.
    """
    data = read_site(graph, documents)
    site = _Site(data, title)
    pages = {"index.html": site.index(), "overview.html": site.overview()}
    pages.update(vis_files())
    pages["lib/site.css"] = site_css({t: s.color for t, s in TYPE_STYLES.items()})
    pages["lib/site.js"] = site_js(graph_style())
    for doc in data.documents.values():
        pages[doc.path] = site.document(doc)
    for entity in data.entities.values():
        pages[entity.path] = site.entity(entity)
    return pages


# ---------------------------------------------------------------- helpers


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _truncate(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _relative(page: str, target: str) -> str:
    """Path of `target` seen from `page`; site paths are ``name`` or ``folder/name`` (kg.site_data).

    >>> _relative("entity/a.html", "document/b.html"), _relative("entity/a.html", "entity/c.html")
    ('../document/b.html', 'c.html')
    """
    here, _, _ = page.rpartition("/")
    there, _, name = target.rpartition("/")
    if here == there:
        return name
    return ("../" if here else "") + target


def _href(page: str, target: str, fragment: str = "") -> str:
    """Relative link from `page` to `target`, escaped for an attribute."""
    return _esc(_relative(page, target) + (f"#{fragment}" if fragment else ""))


def _badge(type_: EntityType) -> str:
    return f'<span class="kg-badge kg-t-{type_.value}">{_esc(TYPE_STYLES[type_].name)}</span>'


def _dot(type_: EntityType) -> str:
    return f'<span class="kg-dot kg-t-{type_.value}"></span>'


def _legend(counts: Mapping[EntityType, int] | None = None) -> str:
    items = []
    for t, style in TYPE_STYLES.items():
        n = f" · {counts.get(t, 0)}" if counts is not None else ""
        items.append(f'<li>{_dot(t)}{_esc(style.name)} <small>{t.value}</small>{n}</li>')
    return f'<ul class="kg-legend" aria-label="图例">{"".join(items)}</ul>'


def _sentence_name(index: int) -> str:
    return f"第 {index + 1} 句" if index >= 0 else "句子"


@dataclass(frozen=True, order=True)
class _Span:
    """A stretch of text to wrap in markup; `leaf` wraps the text pieces where this span is innermost."""

    start: int
    end: int
    rank: int  # outer layers first: 0 sentences and gaps, 1 mentions
    order: int  # tie-break, fixed by the caller
    open: str
    close: str
    first_open: str = ""  # used for the first piece (carries the id)
    leaf: tuple[str, str] | None = None


def _markup(text: str, spans: Sequence[_Span]) -> str:
    """`text` escaped, with `spans` as nested elements; crossing spans are closed and reopened."""
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    by_start: dict[int, list[_Span]] = defaultdict(list)
    for s in spans:
        if 0 <= s.start < s.end <= len(text):
            by_start[s.start].append(s)
    active: set[_Span] = set()
    stack: list[_Span] = []
    opened: set[_Span] = set()
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        active = {s for s in active if s.end > a} | set(by_start.get(a, ()))
        want = sorted(active, key=lambda s: (s.rank, s.start, -s.end, s.order))
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        for s in reversed(stack[keep:]):
            out.append(s.close)
        for s in want[keep:]:
            out.append(s.first_open if s.first_open and s not in opened else s.open)
            opened.add(s)
        stack = want
        piece = _esc(text[a:b])
        if stack and stack[-1].leaf:
            piece = stack[-1].leaf[0] + piece + stack[-1].leaf[1]
        out.append(piece)
    for s in reversed(stack):
        out.append(s.close)
    return "".join(out)


# ---------------------------------------------------------------- pages


class _Site:
    def __init__(self, data: SiteData, title: str) -> None:
        self.data = data
        self.title = title
        self.counts = Counter(e.type for e in data.entities.values())
        self.adjacent: dict[str, set[str]] = defaultdict(set)
        self.edges_of: dict[str, list[Edge]] = defaultdict(list)
        self.edge_index: dict[str, dict[str, list[Edge]]] = defaultdict(lambda: defaultdict(list))
        for e in data.edges:
            self.edge_index[e.head][e.tail].append(e)
            self.edge_index[e.tail][e.head].append(e)
            self.adjacent[e.head].add(e.tail)
            self.adjacent[e.tail].add(e.head)
            self.edges_of[e.head].append(e)
            if e.tail != e.head:
                self.edges_of[e.tail].append(e)
        types = list(TYPE_STYLES)
        self.order = {i: (types.index(e.type), e.label, i) for i, e in data.entities.items()}
        self.rank = {i: (-len(e.mentions), *self.order[i]) for i, e in data.entities.items()}
        self.size = {i: round(10 + 5 * math.log2(1 + len(e.mentions)), 1) for i, e in data.entities.items()}
        self.neighbours = {i: sorted(ns - {i}, key=self.order.__getitem__) for i, ns in self.adjacent.items()}
        self.doc_mentions: Counter[str] = Counter()
        self.doc_entities: dict[str, list[Entity]] = defaultdict(list)
        for ent in data.entities.values():
            for m in ent.mentions:
                self.doc_mentions[m.doc] += 1
            for d in ent.documents:
                self.doc_entities[d].append(ent)

    # ------------------------------------------------------------ shell

    def _page(self, path: str, title: str, kind: str, body: str, *, graph: bool = False,
              current: str = "", body_class: str = "") -> str:
        lib = lambda name: _href(path, f"lib/{name}")
        head = [
            '<!DOCTYPE html>',
            '<html lang="zh-CN">',
            '<head>',
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',  # a constant without "
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<title>{_esc(title)} · {_esc(self.title)}</title>',
        ]
        if graph:
            head.append(f'<link rel="stylesheet" href="{lib("vis-network.css")}">')
        head.append(f'<link rel="stylesheet" href="{lib("site.css")}">')
        head.append('</head>')
        cls = f' class="{body_class}"' if body_class else ""
        nav = []
        for target, name in (("index.html", "索引"), ("overview.html", "总览图")):
            attr = ' aria-current="page"' if target == current else ""
            nav.append(f'<a href="{_href(path, target)}"{attr}>{name}</a>')
        top = (f'<header class="kg-top"><a class="kg-brand" href="{_href(path, "index.html")}">{_esc(self.title)}</a>'
               f'<nav>{"".join(nav)}</nav></header>')
        scripts = []
        if graph:
            scripts.append(f'<script src="{lib("vis-network.min.js")}"></script>')
        scripts.append(f'<script src="{lib("site.js")}"></script>')
        foot = (f'<footer>{len(self.data.entities)} 个实体 · {len(self.data.edges)} 条关系 · '
                f'{len(self.data.documents)} 篇文档。本站离线可用，无需网络。</footer>')
        return "\n".join([*head, f'<body data-page="{kind}"{cls}>', top, body, foot, *scripts,
                          "</body>", "</html>", ""])

    # ------------------------------------------------------------ index

    def index(self) -> str:
        path = "index.html"
        d = self.data
        cards = [f'<a class="kg-card" href="#"><b>{len(d.entities)}</b>全部实体</a>']
        for t, style in TYPE_STYLES.items():
            cards.append(f'<a class="kg-card kg-t-{t.value}" href="#type={t.value}">'
                         f'<b>{self.counts.get(t, 0)}</b>{_dot(t)}{_esc(style.name)} <small>{t.value}</small></a>')
        region_ids = {iri: f"r{i}" for i, iri in enumerate(d.regions)}
        region_count = Counter(r for e in d.entities.values() for r in e.regions)
        type_options = "".join(f'<option value="{t.value}">{_esc(s.name)}（{t.value}）</option>'
                               for t, s in TYPE_STYLES.items())
        region_options = "".join(
            f'<option value="{region_ids[r]}">{_esc(self._region_name(r))} · {region_count[r]}</option>'
            for r in d.regions)
        rows = []
        for e in sorted(d.entities.values(), key=lambda e: (self.order[e.iri][0], -len(e.mentions), e.label, e.iri)):
            regions = [r for r in e.regions if r != e.iri]
            shown = "、".join(_esc(d.label(r)) for r in regions[:MAX_REGIONS_SHOWN])
            if len(regions) > MAX_REGIONS_SHOWN:
                shown += " …"
            rows.append(
                f'<tr class="kg-t-{e.type.value}" data-type="{e.type.value}" '
                f'data-regions="{" ".join(region_ids[r] for r in e.regions if r in region_ids)}" '
                f'data-key="{_esc(search_key(e.label, *e.aliases))}">'
                f'<td><a href="{_href(path, e.path)}">{_esc(e.label)}</a></td>'
                f'<td>{_badge(e.type)}</td>'
                f'<td class="kg-aliases">{_esc("、".join(e.aliases))}</td>'
                f'<td>{shown}</td>'
                f'<td class="kg-num">{len(e.mentions)}</td></tr>')
        doc_rows = []
        for doc in d.documents.values():
            per_type = Counter(e.type for e in self.doc_entities.get(doc.key, ()))
            cells = "".join(f'<td class="kg-num">{per_type.get(t, 0)}</td>' for t in TYPE_STYLES)
            doc_rows.append(f'<tr><td><a href="{_href(path, doc.path)}">{_esc(doc.id)}</a></td>'
                            f'<td>{_esc(doc.title)}</td><td class="kg-num">{self.doc_mentions.get(doc.key, 0)}</td>'
                            f'{cells}</tr>')
        type_heads = "".join(f'<th class="kg-num">{_dot(t)}{_esc(s.name)}</th>' for t, s in TYPE_STYLES.items())
        body = f"""<main>
<h1>{_esc(self.title)}</h1>
<p class="kg-sub">{len(d.entities)} 个实体、{len(d.edges)} 条关系，来自 {len(d.documents)} 篇文档。
<a href="overview.html">打开总览图 →</a></p>
<div class="kg-cards">{"".join(cards)}</div>
<h2 id="entities">实体</h2>
<div class="kg-controls" role="search">
<label>搜索 <input id="kg-q" type="search" placeholder="名称或别名，如 华电集团、青铜峡" autocomplete="off"></label>
<label>类型 <select id="kg-type"><option value="">全部类型</option>{type_options}</select></label>
<label>地区 <select id="kg-region"><option value="">全部地区</option>{region_options}</select></label>
<span id="kg-count" aria-live="polite">{len(d.entities)} 个实体</span>
</div>
<table id="kg-entities" class="kg-list">
<thead><tr><th>名称</th><th>类型</th><th>别名</th><th>所在地区</th><th class="kg-num">提及</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2 id="documents">文档</h2>
<table class="kg-list">
<thead><tr><th>文档</th><th>标题</th><th class="kg-num">提及</th>{type_heads}</tr></thead>
<tbody>
{chr(10).join(doc_rows)}
</tbody>
</table>
</main>"""
        return self._page(path, "索引", "index", body, current=path)

    def _region_name(self, iri: str) -> str:
        e = self.data.entities[iri]
        code = next((f.value for f in e.facts if f.name == "地区代码"), "")
        return f"{e.label}（{code}）" if code else e.label

    # ------------------------------------------------------------ overview

    def overview(self) -> str:
        path = "overview.html"
        d = self.data
        positions = layout_positions(d.entities, ((e.head, e.tail) for e in d.edges))
        short = {iri: f"n{i}" for i, iri in enumerate(d.entities)}
        net = _network(_OVERVIEW_OPTIONS)
        for iri, e in d.entities.items():
            x, y = positions[iri]
            node = self._node(e, path, x, y)
            if not self.neighbours.get(iri):
                node["iso"] = 1
            net.add_node(short[iri], **node)
        for edge in d.edges:
            net.add_edge(short[edge.head], short[edge.tail], **self._edge(edge, label=False))
        boxes = "".join(
            f'<label class="kg-t-{t.value}"><input type="checkbox" data-kg-type="{t.value}" checked> '
            f'{_dot(t)}{_esc(s.name)} <small>{self.counts.get(t, 0)}</small></label>'
            for t, s in TYPE_STYLES.items())
        body = f"""<main>
<div class="kg-controls">
<h1>总览图</h1>
<span class="kg-muted">{len(d.entities)} 个实体、{len(d.edges)} 条关系</span>
{boxes}
<label><input type="checkbox" id="kg-isolated"> 隐藏孤立实体 <small>{sum(1 for i in d.entities if not self.neighbours.get(i))}</small></label>
<button type="button" id="kg-cluster">按类型聚合</button>
<button type="button" id="kg-fit">适应窗口</button>
<span class="kg-hint">节点大小表示提及次数 · 悬停看详情 · 点击打开实体页 · 滚轮缩放</span>
</div>
<div class="kg-graph-box"><div id="kg-network" class="kg-network" role="img" aria-label="全部实体的关系图"></div></div>
<noscript><p>总览图需要 JavaScript；实体列表见 <a href="index.html">索引</a>。</p></noscript>
{net.generate_html()}
</main>"""
        return self._page(path, "总览图", "overview", body, graph=True, current=path, body_class="kg-overview")

    def _node(self, e: Entity, page: str, x: int, y: int, *, hop: int | None = None) -> dict:
        """A node for pyvis; its colours come from its group (see graph_style), to keep pages small."""
        tip = [e.label, f"{TYPE_STYLES[e.type].name}（{e.type.value}） · 提及 {len(e.mentions)} 次"]
        if e.aliases:
            tip.append("别名：" + "、".join(e.aliases))
        tip.append("当前实体" if hop == 0 else "点击打开实体页")
        node = {"label": _truncate(e.label), "title": "\n".join(tip), "kgType": e.type.value, "x": x, "y": y,
                "size": self.size[e.iri], "url": _relative(page, e.path),
                "group": e.type.value + {None: "", 0: "-focus", 1: "", 2: "-far"}[hop]}
        if hop is not None:
            node["hop"] = hop
        if hop == 0:
            node["size"] = max(node["size"], 28)
        return node

    def _edge(self, edge: Edge, *, label: bool = True) -> dict:
        info = RELATIONS[edge.relation]
        d = self.data
        tip = f"{d.label(edge.head)} → {info.name} → {d.label(edge.tail)}"
        if edge.assertions:
            tip += f"\n{edge.assertions} 条断言"
        if edge.evidence:
            tip += "\n" + _truncate(edge.evidence[0].text, 80)
        out = {"title": tip, "width": round(1 + math.log2(max(edge.assertions, 1)), 1)}
        if label:
            out["label"] = info.name
        if edge.relation == "subOrganizationOf":
            out["dashes"] = True
        return out

    # ------------------------------------------------------------ entity

    def entity(self, e: Entity) -> str:
        path = e.path
        d = self.data
        rows = [("类型", f"{_badge(e.type)} <small>{e.type.value}</small>"), ("名称", _esc(e.label))]
        if e.aliases:
            rows.append(("别名", _esc("、".join(e.aliases))))
        for f in e.facts:
            value = _esc(f.value)
            if f.entities:
                links = "、".join(f'<a href="{_href(path, d.entities[i].path)}">{_esc(d.label(i))}</a>'
                                 for i in f.entities)
                value = f"{value} {links}".strip()
            rows.append((f.name, value))
        regions = [r for r in e.regions if r != e.iri]
        if regions:
            rows.append(("所在地区", "、".join(f'<a href="{_href(path, d.entities[r].path)}">{_esc(d.label(r))}</a>'
                                          for r in regions)))
        rows.append(("提及", f"{len(e.mentions)} 次，{len(e.documents)} 篇文档"))
        if e.documents:
            rows.append(("文档", "、".join(f'<a href="{_href(path, d.documents[k].path)}">{_esc(d.documents[k].id)}</a>'
                                        for k in e.documents)))
        rows.append(("IRI", f'<span class="kg-code">{_esc(e.iri)}</span>'))
        facts = "\n".join(f"<tr><th>{_esc(name)}</th><td>{value}</td></tr>" for name, value in rows)

        graph, ring_note, shown = self._neighbourhood(e)
        two = shown <= SMALL_GRAPH  # small enough to read with both rings: open with two hops
        body = f"""<main>
<h1>{_badge(e.type)} {_esc(e.label)}</h1>
<p class="kg-sub">{_esc(TYPE_STYLES[e.type].name)}（{e.type.value}） · {len(self.edges_of.get(e.iri, ()))} 条关系 · {len(e.evidence)} 句证据</p>
<div class="kg-columns kg-entity-top">
<section>
<h2 id="graph">邻域图</h2>
<div class="kg-controls">
<span>显示</span>
<label><input type="radio" name="kg-hops" value="1"{"" if two else " checked"}> 一跳</label>
<label><input type="radio" name="kg-hops" value="2"{" checked" if two else ""}> 两跳</label>
<span class="kg-hint">点击节点打开其页面{_esc(ring_note)}</span>
</div>
{_legend()}
<div class="kg-graph-box"><div id="kg-network" class="kg-network" role="img" aria-label="{_esc(e.label)} 的邻域图"></div></div>
{graph}
</section>
<section>
<h2 id="facts">事实</h2>
<table class="kg-facts">
{facts}
</table>
</section>
</div>
<h2 id="relations">关系（{len(self.edges_of.get(e.iri, ()))}）</h2>
{self._relations_table(e)}
<h2 id="evidence">证据句（{len(e.evidence)}）</h2>
{self._evidence_list(e)}
</main>"""
        return self._page(path, e.label, "entity", body, graph=True)

    def _neighbourhood(self, e: Entity) -> tuple[str, str, int]:
        """The one- and two-hop neighbourhood as a pyvis graph (a JSON block), and a note on what is left out."""
        d = self.data
        ring1_all = self.neighbours.get(e.iri, [])
        ring1 = sorted(heapq.nsmallest(MAX_RING1, ring1_all, key=self.rank.__getitem__), key=self.order.__getitem__)
        inner = {e.iri, *ring1}
        parent: dict[str, str] = {}
        for p in ring1:
            for n in self.neighbours.get(p, ()):
                if n not in inner and n not in parent:
                    parent[n] = p
        keep = heapq.nsmallest(MAX_RING2, parent, key=self.rank.__getitem__)
        children: dict[str, list[str]] = defaultdict(list)
        for n in sorted(keep, key=self.order.__getitem__):
            children[parent[n]].append(n)
        ring2 = [n for p in ring1 for n in children[p]]
        pos = ego_layout(ring1, ring2, parent)
        pos[e.iri] = (0, 0)
        hop = {e.iri: 0, **{n: 1 for n in ring1}, **{n: 2 for n in ring2}}
        short = {iri: f"n{i}" for i, iri in enumerate([e.iri, *ring1, *ring2])}
        net = _network(_GRAPH_OPTIONS)
        for iri, node_id in short.items():
            x, y = pos[iri]
            net.add_node(node_id, **self._node(d.entities[iri], e.path, x, y, hop=hop[iri]))
        shown: dict[Edge, None] = {}
        for iri in short:  # edges among the shown nodes, without walking a hub's every edge
            index = self.edge_index.get(iri, {})
            others = short if len(short) < len(index) else index
            for other in others:
                if other in short:
                    shown.update(dict.fromkeys(index.get(other, ())))
        for edge in sorted(shown, key=lambda x: (x.head, x.relation, x.tail)):
            net.add_edge(short[edge.head], short[edge.tail], **self._edge(edge))
        notes = []
        if len(ring1_all) > len(ring1):
            notes.append(f"一跳共 {len(ring1_all)} 个，图中显示提及最多的 {len(ring1)} 个")
        if len(parent) > len(ring2):
            notes.append(f"两跳共 {len(parent)} 个，图中显示提及最多的 {len(ring2)} 个")
        note = ("；" + "；".join(notes)) if notes else ""
        return net.generate_html(), note, len(short)

    def _relations_table(self, e: Entity) -> str:
        d = self.data
        edges = self.edges_of.get(e.iri, [])
        if not edges:
            return '<p class="kg-muted">没有抽取到关系。</p>'
        rows = []
        for edge in sorted(edges, key=lambda x: (x.head != e.iri, x.relation, self.order[x.tail if x.head == e.iri else x.head])):
            out = edge.head == e.iri
            other = edge.tail if out else edge.head
            info = RELATIONS[edge.relation]
            name = info.name if out else info.inverse  # read "this entity <name> other"
            o = d.entities[other]
            if edge.evidence:
                s = edge.evidence[0]
                doc = d.documents.get(s.doc)
                ev = (f'<a href="{_href(e.path, doc.path, f"s{s.index}" if s.index >= 0 else "")}">'
                      f'{_esc(doc.id)} {_sentence_name(s.index)}</a>') if doc is not None else ""
            else:
                ev = '<span class="kg-muted">由地名库或别名表推断</span>'
            rows.append(f'<tr><td>{_esc(name)}</td><td><a href="{_href(e.path, o.path)}">{_esc(o.label)}</a></td>'
                        f'<td>{_badge(o.type)}</td><td class="kg-num">{edge.assertions}</td><td>{ev}</td></tr>')
        return ('<table class="kg-list"><thead><tr><th>关系</th><th>实体</th><th>类型</th>'
                '<th class="kg-num">断言</th><th>证据</th></tr></thead>\n<tbody>\n'
                + "\n".join(rows) + "\n</tbody></table>")

    def _evidence_list(self, e: Entity) -> str:
        d = self.data
        if not e.evidence:
            return '<p class="kg-muted">没有证据句。</p>'
        by_doc: dict[str, list[Evidence]] = defaultdict(list)
        for ev in e.evidence:
            by_doc[ev.sentence.doc].append(ev)
        shown = 0
        parts = []
        for key in sorted(by_doc, key=lambda k: (d.documents[k].id, k) if k in d.documents else ("", k)):
            doc = d.documents.get(key)
            items = []
            for ev in by_doc[key]:
                if shown >= MAX_EVIDENCE:
                    break
                shown += 1
                s = ev.sentence
                text = _markup(s.text, self._sentence_marks(e, ev))
                why = []
                for sup in ev.supports:
                    if not sup.relation:
                        why.append(f"提及“{_esc(sup.other)}”")
                    else:
                        info = RELATIONS[sup.relation]
                        other = d.entities[sup.other]
                        verb = info.name if sup.outgoing else info.inverse
                        why.append(f'{_esc(verb)} <a href="{_href(e.path, other.path)}">{_esc(other.label)}</a>')
                link = ""
                if doc is not None:
                    frag = f"s{s.index}" if s.index >= 0 else ""
                    link = (f' · <a class="kg-goto" href="{_href(e.path, doc.path, frag)}">'
                            f'在文档中查看（{_sentence_name(s.index)}）</a>')
                items.append(f'<li><blockquote>{text}</blockquote><div class="kg-why">{" · ".join(why)}{link}</div></li>')
            if items:
                title = f" 《{_esc(doc.title)}》" if doc is not None and doc.title else ""
                name = _esc(doc.id) if doc is not None else _esc(key)
                parts.append(f'<h3>{name}{title}</h3>\n<ul class="kg-evidence">\n' + "\n".join(items) + "\n</ul>")
        more = ""
        if len(e.evidence) > shown:
            more = f'<p class="kg-muted">另有 {len(e.evidence) - shown} 句未列出，见各文档页。</p>'
        return "\n".join(parts) + more

    def _sentence_marks(self, e: Entity, ev: Evidence) -> list[_Span]:
        """This entity's mentions in the evidence sentence, as <mark> spans."""
        s = ev.sentence
        found: set[tuple[int, int]] = set()
        for m in e.mentions:
            if m.doc != s.doc or m.sentence != s.index:
                continue
            if s.start is not None and m.start is not None and m.end is not None:
                a, b = m.start - s.start, m.end - s.start
                if 0 <= a < b <= len(s.text) and (not m.text or s.text[a:b] == m.text):
                    found.add((a, b))
                    continue
            needle = m.text or e.label
            at = s.text.find(needle) if needle else -1
            if at >= 0:
                found.add((at, at + len(needle)))
        if not found:
            for needle in (e.label, *e.aliases):
                at = s.text.find(needle) if needle else -1
                if at >= 0:
                    found.add((at, at + len(needle)))
                    break
        open_ = f'<mark class="kg-m kg-t-{e.type.value}">'
        return [_Span(a, b, 1, i, open_, "</mark>") for i, (a, b) in enumerate(sorted(found))]

    # ------------------------------------------------------------ document

    def document(self, doc: Document) -> str:
        path = doc.path
        spans: list[_Span] = []
        for n, (index, a, b) in enumerate(doc.sentences):
            spans.append(_Span(a, b, 0, n, '<span class="kg-s">', "</span>",
                               f'<span class="kg-s" id="s{index}">' if index >= 0 else ""))
        for n, (a, b) in enumerate(doc.gaps):
            spans.append(_Span(a, b, 0, len(doc.sentences) + n, '<span class="kg-gap">', "</span>"))
        for n, m in enumerate(doc.marks):
            spans.append(self._mark_span(m, path, n))
        text = _markup(doc.text, spans)

        per_type = Counter(m.type for m in doc.marks)
        facts = "\n".join(f"<tr><th>{_esc(f.name)}</th><td>{_esc(f.value)}</td></tr>" for f in doc.facts)
        by_type: dict[EntityType, list[Entity]] = defaultdict(list)
        for ent in self.doc_entities.get(doc.key, ()):
            by_type[ent.type].append(ent)
        lists = []
        for t, style in TYPE_STYLES.items():
            if by_type.get(t):
                links = "".join(f'<li><a href="{_href(path, x.path)}">{_esc(x.label)}</a></li>' for x in by_type[t])
                lists.append(f'<h3>{_dot(t)}{_esc(style.name)}（{len(by_type[t])}）</h3><ul>{links}</ul>')
        note = "" if doc.full else ('<p class="kg-muted">未提供全文：这里只有图中存有的句子（带证据的句子），'
                                    '按原文顺序排列。</p>')
        heading = doc.title or doc.id
        body = f"""<main>
<h1>{_esc(heading)}</h1>
<p class="kg-sub">文档 {_esc(doc.id)} · {len(doc.marks)} 处提及 · {len(self.doc_entities.get(doc.key, ()))} 个实体</p>
<div class="kg-columns">
<section>
{note}
<div class="kg-text" lang="zh-CN">{text}</div>
</section>
<aside class="kg-side">
<h2>图例 <small>提及次数</small></h2>
{_legend(per_type)}
<h2>元数据</h2>
<table class="kg-facts">
{facts}
</table>
<h2>实体</h2>
{"".join(lists) or '<p class="kg-muted">没有抽取到实体。</p>'}
</aside>
</div>
</main>"""
        return self._page(path, heading, "document", body)

    def _mark_span(self, m: Mark, path: str, n: int) -> _Span:
        style = TYPE_STYLES[m.type]
        ent = self.data.entities.get(m.entity) if m.entity else None
        tip = f"{style.name}：{ent.label}" if ent else style.name
        open_ = f'<span class="kg-m kg-t-{m.type.value}" title="{_esc(tip)}">'
        leaf = (f'<a href="{_href(path, ent.path)}">', "</a>") if ent else None
        return _Span(m.start, m.end, 1, n, open_, "</span>", leaf=leaf)


def graph_style() -> dict:
    """What lib/site.js adds to every graph: vis-network groups per type (plus `-focus`, the
    entity of the page, and `-far`, the second hop) and the types for clustering."""
    groups: dict[str, dict[str, Any]] = {}
    for t, style in TYPE_STYLES.items():
        c, dark = style.color, darker(style.color)
        base = {"background": c, "border": dark, "highlight": {"background": c, "border": "#222222"},
                "hover": {"background": c, "border": "#222222"}}
        groups[t.value] = {"color": base}
        groups[f"{t.value}-focus"] = {"color": {**base, "border": "#1d2127"}, "borderWidth": 4,
                                      "font": {"size": 18, "face": FONTS, "strokeWidth": 4}}
        far = tint(c, 0.55)
        groups[f"{t.value}-far"] = {"color": {**base, "background": far, "border": c,
                                              "highlight": {"background": far, "border": "#222222"}}}
    types = [{"type": t.value, "name": s.name, "color": s.color, "border": darker(s.color)}
             for t, s in TYPE_STYLES.items()]
    return {"groups": groups, "types": types}


def _network(options: dict):
    """A pyvis Network that renders to a JSON block (see _NETWORK_TEMPLATE) instead of a page."""
    import json

    # heavy import (IPython, networkx): keep `kg --help` fast
    from pyvis.network import Network  # type: ignore[import-untyped]

    net = Network(directed=True, cdn_resources="remote")
    net.templateEnv = _network_env()
    net.path = "kg-network.html"
    net.options = options  # a dict: Network.set_options() would strip every space from the JSON
    if "<" in json.dumps(options):
        raise ValueError("graph options must not contain '<' (they are written into a script block unescaped)")
    return net

