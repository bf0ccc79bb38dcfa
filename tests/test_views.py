"""The HTML site: every page produced and linked, stable safe file names, inert hostile text, same bytes twice."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.model import DocResult, Entity, EntityType, Mention, Relation, RelationType
from kg.ns import KG, KGR
from kg.site_data import entity_pages, page_names, read_site, safe_name
from kg.site_layout import ego_layout, layout_positions
from kg.text import Document
from kg.views import MAX_RING1, _markup, _Span, render_site

SCRIPT_LABEL = "<script>alert(1)</script>"
IMG_LABEL = '"><img src=x onerror=alert(1)>'
JS_LINK = '<a href="javascript:alert(2)">点我</a>'
HOSTILE = (SCRIPT_LABEL, IMG_LABEL, JS_LINK, "javascript:alert(3)")
SAFE_PATH = re.compile(r"(?:index|overview)\.html|lib/[a-z.-]+\.(?:js|css)"
                       r"|entity/(?:region|enterprise|project|campaign|target)-[a-z0-9_-]+\.html"
                       r"|document/[a-z0-9_-]+\.html")


# ---------------------------------------------------------------- fixtures


def hostile_result() -> DocResult:
    """A document whose id, title, text and entity names all carry HTML/JS payloads."""
    text = (f"{SCRIPT_LABEL}工作报告\n"
            f"在{SCRIPT_LABEL}建设{IMG_LABEL}工程，由javascript:alert(3)公司承建。\n"
            f"详见{JS_LINK}。")
    doc = Document.from_text('x"><script>alert(4)</script>', text)

    def mention(type_: EntityType, surface: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = doc.text.index(surface, start + 1)
        return Mention(type_, surface, start, start + len(surface), doc.sentence_at(start).index, "test")

    T = EntityType
    region = Entity("e1", T.REGION, SCRIPT_LABEL, [mention(T.REGION, SCRIPT_LABEL, 1)])
    project = Entity("e2", T.PROJECT, f"{IMG_LABEL}工程", [mention(T.PROJECT, f"{IMG_LABEL}工程")])
    firm = Entity("e3", T.ENTERPRISE, "javascript:alert(3)公司", [mention(T.ENTERPRISE, "javascript:alert(3)公司")])
    campaign = Entity("e4", T.CAMPAIGN, JS_LINK, [mention(T.CAMPAIGN, JS_LINK)])
    s = doc.sentences[1]
    rels = [Relation(RelationType.LOCATED_IN, "e2", "e1", s.index, s.start, s.end, "test"),
            Relation(RelationType.INVOLVES, "e2", "e3", s.index, s.start, s.end, "test"),
            Relation(RelationType.PART_OF, "e2", "e4", 2, doc.sentences[2].start, doc.sentences[2].end, "test")]
    return DocResult(doc, [region, project, firm, campaign], rels)


def add_hostile_graph_document(ds) -> None:
    """Graph-only hostile document (no DocResult): payloads in identifier, title, sentence, labels."""
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
    region, target = KGR["region/Hostile"], KGR["target/javascript:alert(5)"]
    for n, (node, cls, label) in enumerate([(region, KG.Region, SCRIPT_LABEL), (target, KG.Target, IMG_LABEL)]):
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(label, lang="zh")))
        g.add((node, SKOS.altLabel, Literal(JS_LINK, lang="zh")))
        g.add((node, KG.regionCode if n == 0 else KG.metric, Literal(IMG_LABEL)))
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
def site(sample_graph, sample_result) -> dict[str, str]:
    return render_site(sample_graph, [sample_result])


@pytest.fixture
def hostile_site(sample_result) -> dict[str, str]:
    from kg.graph import build_graph

    results = [sample_result, hostile_result()]
    ds = build_graph(results)
    add_hostile_graph_document(ds)
    return render_site(ds, results)


class _Page(HTMLParser):
    """Elements, attributes, ids and text of a page, as a browser's parser sees them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def links(self) -> list[str]:
        return [a[k] for _, a in self.tags for k in ("href", "src") if a.get(k) is not None]


def _parse(page: str) -> _Page:
    return _Page(page)


def _resolve(page: str, link: str) -> tuple[str, str]:
    """Site path and fragment a relative link on `page` points at."""
    target, _, fragment = link.partition("#")
    if not target:
        return page, fragment
    parts = (page.rsplit("/", 1)[0].split("/") if "/" in page else []) + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            assert out, f"{page}: link {link!r} leaves the site"
            out.pop()
        elif p not in ("", "."):
            out.append(p)
    return "/".join(out), fragment


def _graph_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-graph">(.*?)</script>', page, re.DOTALL)
    assert m, "page has no graph data"
    return json.loads(m.group(1))


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# ---------------------------------------------------------------- pages produced and linked


def test_site_has_index_overview_library_and_a_page_per_entity_and_document(sample_graph, site):
    data = read_site(sample_graph)
    assert {"index.html", "overview.html", "lib/vis-network.min.js", "lib/vis-network.css", "lib/site.css",
            "lib/site.js"} <= set(site)
    assert {p for p in site if p.startswith("entity/")} == {e.path for e in data.entities.values()}
    assert len([p for p in site if p.startswith("entity/")]) == 9
    assert [p for p in site if p.startswith("document/")] == ["document/sample.html"]


def test_file_names_are_safe_on_every_file_system(hostile_site):
    for path in hostile_site:
        assert SAFE_PATH.fullmatch(path), path
    lowered = [p.lower() for p in hostile_site]
    assert len(set(lowered)) == len(lowered)


def test_index_links_every_entity_and_every_document(site):
    links = {_resolve("index.html", link)[0] for link in _parse(site["index.html"]).links()}
    pages = {p for p in site if p.startswith(("entity/", "document/"))}
    assert pages <= links


def test_every_link_and_fragment_resolves_inside_the_site(hostile_site):
    pages = {path: _parse(text) for path, text in hostile_site.items() if path.endswith(".html")}
    checked = 0
    for path, parsed in pages.items():
        for link in parsed.links():
            assert not re.match(r"[a-z]+:|//", link, re.IGNORECASE), f"{path}: non-relative link {link!r}"
            target, fragment = _resolve(path, link)
            assert target in hostile_site, f"{path}: broken link {link!r}"
            if fragment and target.endswith(".html"):
                assert fragment in pages[target].ids or "=" in fragment, f"{path}: no #{fragment} in {target}"
            checked += 1
    assert checked > 100


def test_node_urls_in_graphs_point_at_entity_pages(site):
    for path in ["overview.html", *[p for p in site if p.startswith("entity/")]]:
        for node in _graph_json(site[path])["nodes"]:
            assert _resolve(path, node["url"])[0] in site


# ---------------------------------------------------------------- file names


def test_entity_page_is_named_by_type_and_last_iri_segment(site):
    assert "entity/region-640381.html" in site
    assert sum(p.startswith("entity/target-") for p in site) == 1


@pytest.mark.parametrize("iri,expected", [
    ("https://w3id.org/policy-kg/resource/region/640381", "entity/region-640381.html"),
    ("https://w3id.org/policy-kg/resource/project/3faa6c5511eeed0f", "entity/project-3faa6c5511eeed0f.html"),
    ("urn:x:Region/ABC", "entity/region-abc.html"),
])
def test_entity_file_name_from_iri(iri, expected):
    assert entity_pages({iri: EntityType.REGION if "project" not in iri else EntityType.PROJECT})[iri] == expected


@pytest.mark.parametrize("segment", ["con", "NUL", "..", "a/b", "青铜峡", "a.b", "x" * 80, "", " a", "a\x00"])
def test_unsafe_segments_become_hashes(segment):
    name = safe_name(segment, f"urn:x/{segment}")
    assert re.fullmatch(r"[0-9a-f]{16}", name)


def test_names_differing_only_in_case_get_distinct_files():
    types = {"urn:x/region/ABC": EntityType.REGION, "urn:x/region/abc": EntityType.REGION,
             "urn:y/region/640381": EntityType.REGION}
    pages = entity_pages(types)
    assert len({p.lower() for p in pages.values()}) == 3
    assert pages["urn:y/region/640381"] == "entity/region-640381.html"  # untouched by the clash


def test_file_names_do_not_depend_on_other_entities():
    base = {f"urn:x/project/{i:04d}": EntityType.PROJECT for i in range(20)}
    more = {**base, "urn:x/project/zzzz": EntityType.PROJECT, "urn:x/region/0001": EntityType.REGION}
    assert {k: v for k, v in entity_pages(more).items() if k in base} == entity_pages(base)


def test_page_names_are_unique_even_when_a_hash_suffix_meets_a_plain_name():
    items = [("k1", "", "a"), ("k2", "", "A")]
    first = page_names(items, "d")
    plain = first["k1"][2:-5]  # a name like "a-1234abcd" now taken by a third key
    names = page_names([*items, ("k3", "", plain)], "d")
    assert len(set(names.values())) == 3


# ---------------------------------------------------------------- entity pages


def test_entity_page_shows_facts_aliases_and_regions(site):
    region = site["entity/region-640381.html"]
    assert "<th>地区代码</th><td>640381</td>" in region
    assert "县级（county）" in region
    group = next(t for p, t in site.items() if p.startswith("entity/enterprise-") and "中国华电集团有限公司</h1>" in t)
    assert "华电集团" in group  # alias
    project = next(t for p, t in site.items() if "华电集团63亿元智能化集中供热</h1>" in t)
    assert "63 亿元（6,300,000,000 元）" in project
    assert ">青铜峡市</a>" in project  # its region, linked
    target = next(t for p, t in site.items() if p.startswith("entity/target-"))
    for value in ("市区范围内燃煤锅炉", "全部淘汰", "2026年", "<th>期限年份</th><td>2026</td>"):
        assert value in target


def test_entity_page_lists_every_evidence_sentence_with_a_link_into_the_document(sample_graph, site):
    data = read_site(sample_graph, None)
    for e in data.entities.values():
        page = site[e.path]
        goto = re.findall(r'<a class="kg-goto" href="([^"]+)"', page)
        assert len(goto) == len(e.evidence), e.label
        for link in goto:
            target, fragment = _resolve(e.path, html.unescape(link))
            assert target == "document/sample.html"
            assert f'id="{fragment}"' in site[target]


def test_evidence_sentence_marks_the_entity(site):
    page = site["entity/region-640381.html"]
    assert '<mark class="kg-m kg-t-Region">青铜峡市</mark>' in page


def test_entity_page_draws_its_neighbourhood_with_one_and_two_hops(site):
    project = next(p for p, t in site.items() if "华电灵武电厂热电联产集中供热工程</h1>" in t)
    graph = _graph_json(site[project])
    hops = {n["label"]: n["hop"] for n in graph["nodes"]}
    assert hops["华电灵武电厂热电联产集中供热工程"] == 0
    assert hops["华电灵武电厂"] == 1 and hops["蓝天工程"] == 1
    assert hops["中国华电集团有限公司"] == 2  # via the plant, its group
    assert graph["options"]["physics"] == {"enabled": False}
    assert 'name="kg-hops" value="1"' in site[project] and 'name="kg-hops" value="2"' in site[project]


def test_a_hub_shows_its_most_mentioned_neighbours_and_says_so():
    from kg.graph import new_dataset

    ds = new_dataset()
    g = ds.graph(KGR["g"])
    hub = KGR["region/hub"]
    g.add((hub, RDF.type, KG.Region))
    for i in range(MAX_RING1 + 15):
        p = KGR[f"project/p{i:03d}"]
        g.add((p, RDF.type, KG.Project))
        g.add((p, KG.locatedIn, hub))
    page = render_site(ds)["entity/region-hub.html"]
    assert len(_graph_json(page)["nodes"]) == 1 + MAX_RING1
    assert f"一跳共 {MAX_RING1 + 15} 个" in page
    assert page.count('<a href="project-') == MAX_RING1 + 15  # the relation table lists them all


def test_pages_share_one_vis_network_file(site):
    import pyvis

    vis_js = (Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")
    assert site["lib/vis-network.min.js"] == vis_js
    marker = vis_js[1000:1100]
    for path, text in site.items():
        if path.endswith(".html"):
            assert marker not in text, path
            assert len(text) < 100_000, path
    assert '<script src="../lib/vis-network.min.js"></script>' in site["entity/region-640381.html"]
    assert '<script src="lib/vis-network.min.js"></script>' in site["overview.html"]


@pytest.mark.parametrize("kind", ["index.html", "overview.html", "entity/region-640381.html", "document/sample.html"])
def test_pages_need_no_network(site, kind):
    page = site[kind]
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:[a-z]+:|//)", page, re.IGNORECASE)
    assert not re.search(r"https?:", re.sub(r'<span class="kg-code">[^<]*</span>', "", page))  # IRIs: text only


# ---------------------------------------------------------------- document pages


def test_document_page_keeps_the_text_and_highlights_every_mention(sample_result, site):
    page = site["document/sample.html"]
    text = re.search(r'<div class="kg-text" lang="zh-CN">(.*?)</div>', page, re.DOTALL).group(1)
    assert _text(text) == sample_result.document.text
    mentions = re.findall(r'<span class="kg-m kg-t-(\w+)" title="[^"]*">', text)
    assert len(mentions) == sum(len(e.mentions) for e in sample_result.entities)
    assert '<span class="kg-m kg-t-Region" title="地区：青铜峡市"><a href="../entity/region-640381.html">青铜峡市</a></span>' in text
    # nested: the enterprise inside the project name links to its own page
    assert re.search(r'<span class="kg-m kg-t-Project"[^>]*><span class="kg-m kg-t-Enterprise"[^>]*><a href="[^"]+">华电集团</a></span><a', text)
    for index in range(3):
        assert f'<span class="kg-s" id="s{index}">' in text
    assert "<th>标识</th><td>sample</td>" in page


def test_document_page_without_full_text_shows_the_graph_sentences(sample_graph):
    site = render_site(sample_graph)
    page = site["document/sample.html"]
    assert "未提供全文" in page
    text = _text(re.search(r'<div class="kg-text" lang="zh-CN">(.*?)</div>', page, re.DOTALL).group(1))
    assert "华电集团63亿元智能化集中供热等项目在青铜峡市落地。" in text
    assert '<a href="../entity/region-640381.html">青铜峡市</a>' in page
    assert 'id="s2"' in page


def test_markup_nests_and_reopens_crossing_spans():
    spans = [_Span(0, 4, 0, 0, "<s>", "</s>"), _Span(1, 3, 1, 0, "<m>", "</m>", leaf=("<a>", "</a>")),
             _Span(2, 6, 1, 1, "<n>", "</n>", "<n id>")]
    assert _markup("abcdef", spans) == "<s>a<m><a>b</a><n id>c</n></m><n>d</n></s><n>ef</n>"
    assert _markup("a<b", []) == "a&lt;b"


# ---------------------------------------------------------------- index and overview


def test_index_rows_carry_search_keys_types_and_regions(site):
    rows = re.findall(r'<tr class="kg-t-(\w+)" data-type="(\w+)" data-regions="([^"]*)" data-key="([^"]*)">', site["index.html"])
    assert len(rows) == 9
    keys = {html.unescape(key) for *_, key in rows}
    assert any("中国华电集团有限公司" in k and "华电集团" in k for k in keys)
    assert any(k.startswith("青铜峡市") for k in keys)
    by_key = {html.unescape(k).split()[0]: regions.split() for *_, regions, k in rows}
    assert by_key["华电集团63亿元智能化集中供热"] and set(by_key["华电集团63亿元智能化集中供热"]) >= set(by_key["青铜峡市"])
    assert "document/sample.html" in site["index.html"]
    assert "<b>9</b>全部实体" in site["index.html"]


def test_overview_has_every_entity_with_fixed_positions(site):
    graph = _graph_json(site["overview.html"])
    assert len(graph["nodes"]) == 9
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in graph["nodes"])
    assert graph["options"]["physics"] == {"enabled": False}
    assert {n["kgType"] for n in graph["nodes"]} == {t.value for t in EntityType}
    for t in EntityType:
        assert f'data-kg-type="{t.value}"' in site["overview.html"]  # type filter and legend


# ---------------------------------------------------------------- hostile text


def test_hostile_text_never_reaches_a_page_as_markup(hostile_site):
    allowed_scripts = {"lib/vis-network.min.js", "lib/site.js"}
    seen_in_json = set()
    for path, text in hostile_site.items():
        if not path.endswith(".html"):
            continue
        for raw in (*HOSTILE, "</script><b>"):
            if raw == "javascript:alert(3)":
                continue  # plain text; checked below as a link
            assert raw not in text, f"{path}: {raw!r} unescaped"
        parsed = _parse(text)
        for tag, attrs in parsed.tags:
            assert tag not in {"img", "iframe", "object", "embed", "svg", "math", "base", "form"}, (path, tag)
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            if tag == "script":
                src = attrs.get("src")
                assert (src and _resolve(path, src)[0] in allowed_scripts) or attrs.get("type") == "application/json"
            if tag == "a":
                assert not re.match(r"\s*javascript:", attrs.get("href") or "", re.IGNORECASE)
        for block in parsed.scripts:
            if block:
                data = json.loads(block)  # a data block, whole: nothing closed it early
                strings = " ".join(_strings(data))
                seen_in_json |= {h for h in HOSTILE if h in strings}
    assert {SCRIPT_LABEL, JS_LINK} <= seen_in_json  # the names are there, as data


def test_hostile_text_is_shown_as_text():
    from kg.graph import build_graph

    results = [hostile_result()]
    ds = build_graph(results)
    site, data = render_site(ds, results), read_site(ds, results)
    region = next(e for e in data.entities.values() if e.label == SCRIPT_LABEL)
    assert f" {html.escape(SCRIPT_LABEL)}</h1>" in site[region.path]
    doc = next(iter(data.documents.values()))
    body = re.search(r'<div class="kg-text" lang="zh-CN">(.*?)</div>', site[doc.path], re.DOTALL).group(1)
    assert _text(body) == results[0].document.text
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in site[doc.path]  # the document id, as text


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


# ---------------------------------------------------------------- determinism and purity


def test_pages_are_byte_identical_between_runs(sample_result):
    from kg.graph import build_graph

    results = [sample_result, hostile_result()]
    assert render_site(build_graph(results), results) == render_site(build_graph(results), results)


def test_render_site_writes_nothing(sample_graph, sample_result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render_site(sample_graph, [sample_result])
    assert list(tmp_path.iterdir()) == []  # pyvis's write_html would have made lib/ here


def test_empty_graph_gives_an_empty_site():
    from kg.graph import new_dataset

    site = render_site(new_dataset())
    assert sorted(site) == ["index.html", "lib/site.css", "lib/site.js", "lib/vis-network.css",
                            "lib/vis-network.min.js", "overview.html"]
    assert "<b>0</b>全部实体" in site["index.html"]


def test_documents_not_in_the_graph_still_get_a_page(sample_graph, sample_result):
    other = hostile_result()
    site = render_site(sample_graph, [sample_result, other])
    page = next(t for p, t in site.items() if p.startswith("document/") and "工作报告" in t)
    assert 'class="kg-m kg-t-Region"' in page and "../entity/" not in page.split('<div class="kg-text"')[1].split("</div>")[0]


# ---------------------------------------------------------------- layout


def test_overview_layout_is_deterministic_and_places_every_node():
    ids = [f"n{i}" for i in range(30)]
    edges = [(f"n{i}", f"n{i + 1}") for i in range(20)]
    first = layout_positions(ids, edges)
    assert first == layout_positions(list(reversed(ids)), list(reversed(edges)))
    assert set(first) == set(ids)
    assert len(set(first.values())) == len(ids)


def test_layout_of_a_large_component_does_not_need_scipy():
    ids = [f"n{i:04d}" for i in range(600)]
    edges = [(ids[i], ids[(i * 7 + 1) % 600]) for i in range(600)]
    assert len(set(layout_positions(ids, edges).values())) == 600


def test_ego_layout_puts_the_second_ring_outside_the_first():
    ring1 = [f"a{i}" for i in range(8)]
    ring2 = [f"b{i}" for i in range(30)]
    pos = ego_layout(ring1, ring2, {b: ring1[i % 3] for i, b in enumerate(ring2)})
    r = {n: (x * x + y * y) ** 0.5 for n, (x, y) in pos.items()}
    assert max(r[n] for n in ring1) < min(r[n] for n in ring2)
    assert len(set(pos.values())) == len(pos)


def test_read_site_on_a_graph_with_unknown_iris(sample_graph):
    sample_graph.graph(KGR["x"]).add((URIRef("urn:x:odd#Thing"), RDF.type, KG.Campaign))
    data = read_site(sample_graph)
    assert data.entities["urn:x:odd#Thing"].path == "entity/campaign-thing.html"
    assert data.entities["urn:x:odd#Thing"].label == "Thing"
