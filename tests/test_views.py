"""HTML views: one self-contained, deterministic, inert page per entity type plus an overview."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.model import EntityType
from kg.ns import KG, KGR
from kg.views import (
    MAX_LABEL,
    TYPE_STYLES,
    graph_edges,
    graph_nodes,
    layout_positions,
    render_site,
)

PAGES = ["index.html", *(style.page for style in TYPE_STYLES.values())]
SCRIPT_LABEL = "<script>alert(1)</script>"
IMG_LABEL = '"><img src=x onerror=alert(1)>'


def _vis_js() -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


def add_hostile_document(ds) -> None:
    """Entities, a sentence, a document id and title that all carry HTML/JS payloads."""
    doc = KGR["doc/hostile"]
    g = ds.graph(KGR["doc/hostile/graph"])
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, DCTERMS.identifier, Literal("</script><b>doc</b>")))
    g.add((doc, DCTERMS.title, Literal(IMG_LABEL, lang="zh")))
    sentence = KGR["doc/hostile/s0"]
    g.add((sentence, RDF.type, KG.Sentence))
    g.add((sentence, DCTERMS.isPartOf, doc))
    g.add((sentence, KG.sentenceIndex, Literal(0)))
    g.add((sentence, KG.text, Literal(f"在{SCRIPT_LABEL}建设{IMG_LABEL}。", lang="zh")))
    region, target = KGR["region/hostile"], KGR["target/hostile"]
    for n, (node, cls, label) in enumerate([(region, KG.Region, SCRIPT_LABEL), (target, KG.Target, IMG_LABEL)]):
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(label, lang="zh")))
        g.add((node, SKOS.altLabel, Literal(f'<a href="javascript:alert({n})">x</a>', lang="zh")))
        mention = KGR[f"doc/hostile/m{n}"]
        g.add((mention, RDF.type, KG.Mention))
        g.add((mention, KG.mentionOf, node))
        g.add((mention, KG.inSentence, sentence))
        g.add((mention, PROV.wasDerivedFrom, doc))
    g.add((region, KG.hasTarget, target))
    a = KGR["doc/hostile/a0"]
    g.add((a, RDF.type, KG.Assertion))
    g.add((a, RDF.subject, region))
    g.add((a, RDF.predicate, KG.hasTarget))
    g.add((a, RDF.object, target))
    g.add((a, KG.inSentence, sentence))
    g.add((a, PROV.wasDerivedFrom, doc))


@pytest.fixture
def site(sample_graph) -> dict[str, str]:
    return render_site(sample_graph)


@pytest.fixture
def hostile_site(sample_graph) -> dict[str, str]:
    add_hostile_document(sample_graph)
    return render_site(sample_graph)


class _Tags(HTMLParser):
    """Counts elements as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(page: str) -> list[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


# ---------------------------------------------------------------- nodes and edges


def test_graph_nodes_reads_labels_types_mentions_and_evidence(sample_graph):
    nodes = {n.label: n for n in graph_nodes(sample_graph)}
    assert len(nodes) == 7
    campaign = nodes["蓝天工程"]
    assert campaign.type is EntityType.CAMPAIGN
    assert campaign.aliases == ("“蓝天工程”",)
    assert campaign.mentions == 1
    assert [(ev.document, ev.sentence, ev.text) for ev in campaign.evidence] == [
        ("sample", 0, "1.实施“蓝天工程”，让天常蓝。")
    ]


def test_graph_edges_reads_relations_with_evidence(sample_graph):
    labels = {n.id: n.label for n in graph_nodes(sample_graph)}
    edges = {(labels[e.head], e.relation.value, labels[e.tail]): e for e in graph_edges(sample_graph)}
    assert len(edges) == 5
    part_of = edges[("华电灵武电厂热电联产集中供热工程", "partOf", "蓝天工程")]
    assert part_of.assertions == 1
    # the heading the relation rests on is evidence too
    assert [ev.sentence for ev in part_of.evidence] == [0, 1]


def test_layout_is_deterministic_and_places_every_node():
    ids = [f"n{i}" for i in range(30)]
    edges = [(f"n{i}", f"n{i + 1}") for i in range(0, 20)]
    first = layout_positions(ids, edges)
    assert first == layout_positions(list(reversed(ids)), list(reversed(edges)))
    assert set(first) == set(ids)
    assert len(set(first.values())) == len(ids)


def test_layout_of_a_large_component_does_not_need_scipy():
    ids = [f"n{i:04d}" for i in range(600)]
    edges = [(ids[i], ids[(i * 7 + 1) % 600]) for i in range(600)]
    pos = layout_positions(ids, edges)
    assert len(set(pos.values())) == 600


# ---------------------------------------------------------------- pages


def test_site_has_an_overview_and_one_page_per_type(site):
    assert list(site) == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_every_entity_of_its_type(sample_graph, site, page):
    nodes = graph_nodes(sample_graph)
    wanted = [n for n in nodes if page == "index.html" or TYPE_STYLES[n.type].page == page]
    assert wanted
    for n in wanted:
        assert f'"title": "\\u003cb\\u003e{n.label}\\u003c/b\\u003e' in site[page]  # full label in the tooltip
        assert f'"label": "{n.label[:MAX_LABEL - 1]}' in site[page]


def test_long_labels_are_truncated_on_the_canvas_only(sample_graph):
    long = "到2030年全市新能源装机容量达到1000万千瓦以上"
    node = next(iter(sample_graph.subjects(RDF.type, KG.Target)))
    sample_graph.remove((node, SKOS.prefLabel, None))
    sample_graph.graph(KGR["extra"]).add((node, SKOS.prefLabel, Literal(long, lang="zh")))
    page = render_site(sample_graph)["target.html"]
    assert f'"label": "{long[:MAX_LABEL - 1]}…"' in page
    assert long in page


def test_type_page_greys_neighbours_of_other_types(site):
    page = site["region.html"]
    assert "青铜峡市" in page
    assert "华电集团63亿元智能化集中供热" in page  # located in 青铜峡市
    assert "蓝天工程" not in page  # not a neighbour
    assert '"background": "#c8c8c8"' in page


@pytest.mark.parametrize("page", PAGES)
def test_page_is_self_contained(site, page):
    html = site[page]
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", html, re.I)
    vis_js = _vis_js()
    assert vis_js in html  # inlined
    # the only URLs left are strings inside vis-network (licence notes, the SVG namespace)
    assert "http" not in html.replace(vis_js, "")


def test_physics_is_off_and_nodes_have_positions(site):
    assert '"physics": {"enabled": false}' in site["index.html"]
    assert re.search(r'"x": -?\d+, "y": -?\d+', site["index.html"])


def test_pages_are_byte_identical_between_runs(sample_result):
    from kg.graph import build_graph

    assert render_site(build_graph([sample_result])) == render_site(build_graph([sample_result]))


def test_render_site_writes_nothing(sample_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render_site(sample_graph)
    assert list(tmp_path.iterdir()) == []  # pyvis's write_html would have made lib/ here


# ---------------------------------------------------------------- hostile text


@pytest.mark.parametrize("page", ["index.html", "region.html", "target.html"])
def test_html_in_the_graph_is_inert(site, hostile_site, page):
    html = hostile_site[page]
    for raw in (SCRIPT_LABEL, IMG_LABEL, "</script><b>", "<a href=\"javascript", "alert(1)</"):
        assert raw not in html
    assert '"label": "\\u003cscript\\u003ealert(1)' in html  # canvas label (truncated), JSON-escaped
    assert "\\u0026lt;script\\u0026gt;" in html  # tooltip: HTML-escaped, then JSON-escaped
    # a browser finds exactly the elements of the clean page: no new script, img, a, b
    assert sorted(_tags(html)) == sorted(_tags(site[page]))
    assert html.count("</script>") == site[page].count("</script>")


def test_href_in_text_does_not_switch_pyvis_to_its_innerhtml_popup(hostile_site):
    assert "div.popup" not in hostile_site["index.html"]  # the template pyvis picks for "href"


def test_empty_graph_gives_empty_pages():
    from kg.graph import new_dataset

    site = render_site(new_dataset())
    assert list(site) == PAGES
    assert "总览 (0)" in site["index.html"]
