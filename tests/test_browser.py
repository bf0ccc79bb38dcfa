"""The site in headless Chromium from file://, with every non-file request aborted.

Needs the Python package playwright (no browser download: it drives Debian's
/usr/bin/chromium); skipped otherwise.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)", allow_module_level=True)

from test_views import SCRIPT_LABEL, add_hostile_graph_document, hostile_result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site of the sample document plus hostile ones, written to a folder; and its data."""
    from conftest import make_sample_result

    from kg.files import replace_dir
    from kg.graph import build_graph
    from kg.site_data import read_site
    from kg.views import render_site

    results = [make_sample_result(), hostile_result()]
    ds = build_graph(results)
    add_hostile_graph_document(ds)
    root = tmp_path_factory.mktemp("site") / "html"
    replace_dir(root, render_site(ds, results))
    return root, read_site(ds, results)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs, errors, CSP reports, requests off file://."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.blocked: list[str] = []


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            watch.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.watch = watch
    yield pg
    context.close()


def url(root: Path, path: str) -> str:
    return (root / path).as_uri()


def assert_clean(pg) -> None:
    w = pg.watch
    assert w.dialogs == [], w.dialogs
    assert w.errors == [], w.errors
    assert w.blocked == [], w.blocked
    assert pg.evaluate("window.__xss") is None


def entity(data, label):
    return next(e for e in data.entities.values() if e.label == label)


# ---------------------------------------------------------------- every page type


def test_index_renders_counts_and_every_entity(built, page):
    root, data = built
    page.goto(url(root, "index.html"))
    page.wait_for_selector("body[data-ready]")
    assert page.locator("#kg-entities tbody tr").count() == len(data.entities)
    assert page.inner_text("#kg-count") == f"显示 {len(data.entities)} / {len(data.entities)} 个实体"
    assert_clean(page)


def test_overview_draws_every_node(built, page):
    root, data = built
    page.goto(url(root, "overview.html"))
    page.wait_for_selector("body[data-drawn]")
    assert page.evaluate("kgNetwork.body.data.nodes.length") == len(data.entities)
    page.uncheck('input[data-kg-type="Target"]')
    targets = sum(e.type.value == "Target" for e in data.entities.values())
    assert page.evaluate("kgNetwork.body.data.nodes.length") == len(data.entities) - targets
    page.click("#kg-cluster")  # one node per shown type
    assert page.evaluate("kgNetwork.body.data.nodes.getIds()") == [
        f"type:{t}" for t in ("Region", "Enterprise", "Project", "Campaign")]
    regions = sum(e.type.value == "Region" for e in data.entities.values())
    assert page.evaluate("kgNetwork.body.data.nodes.get('type:Region').label") == f"地区（{regions}）"
    page.evaluate("kgNetwork.emit('click', {nodes: ['type:Region'], edges: []})")  # drill into one type
    assert page.evaluate("kgNetwork.body.data.nodes.length") == regions
    assert page.is_checked('input[data-kg-type="Region"]') and not page.is_checked('input[data-kg-type="Project"]')
    assert_clean(page)


def test_entity_page_draws_its_neighbourhood_and_switches_hops(built, page):
    root, data = built
    e = entity(data, "华电灵武电厂热电联产集中供热工程")
    page.goto(url(root, e.path))
    page.wait_for_selector("body[data-drawn]")
    assert page.locator("#kg-network canvas").count() == 1
    page.check('input[name=kg-hops][value="1"]')
    one = page.evaluate("kgNetwork.body.data.nodes.length")
    page.check('input[name=kg-hops][value="2"]')
    two = page.evaluate("kgNetwork.body.data.nodes.length")
    assert 1 < one < two
    assert page.locator("table.kg-facts").count() == 1
    assert_clean(page)


def test_clicking_a_node_opens_its_page(built, page):
    root, data = built
    e = entity(data, "青铜峡市")
    page.goto(url(root, e.path))
    page.wait_for_selector("body[data-drawn]")
    # the first neighbour's position on screen
    x, y = page.evaluate("""() => {
        var id = kgNetwork.body.data.nodes.getIds().find(i => kgNetwork.body.data.nodes.get(i).hop === 1);
        var p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
        var box = document.getElementById('kg-network').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""")
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert "/entity/" in page.url and not page.url.endswith(e.path)


def test_document_page_highlights_mentions_in_type_colours(built, page):
    root, data = built
    doc = next(d for d in data.documents.values() if d.id == "sample")
    page.goto(url(root, doc.path))
    marks = page.locator(".kg-text .kg-m")
    assert marks.count() == len(doc.marks)
    region = page.locator('.kg-text .kg-m.kg-t-Region').first
    assert region.inner_text() == "青铜峡市"
    assert region.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgb(78, 121, 167)"  # #4e79a7
    assert_clean(page)


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("query,expected", [
    ("华电集团", {"中国华电集团有限公司", "华电集团63亿元智能化集中供热"}),
    ("青铜峡", {"青铜峡市"}),
])
def test_search_finds_labels_and_aliases(built, page, query, expected):
    root, _ = built
    page.goto(url(root, "index.html"))
    page.wait_for_selector("body[data-ready]")
    page.fill("#kg-q", query)
    shown = set(page.locator("#kg-entities tbody tr:not([hidden]) td:first-child").all_inner_texts())
    assert expected <= shown
    assert all(query in page.locator(f'#kg-entities tbody tr:not([hidden]):has(a:text-is("{label}"))')
               .get_attribute("data-key") for label in shown)
    assert page.inner_text("#kg-count").startswith(f"显示 {len(shown)} /")
    assert_clean(page)


def test_filters_by_type_and_region_and_keeps_them_in_the_address(built, page):
    root, data = built
    page.goto(url(root, "index.html"))
    page.wait_for_selector("body[data-ready]")
    page.select_option("#kg-type", "Project")
    shown = set(page.locator("#kg-entities tbody tr:not([hidden]) td:first-child").all_inner_texts())
    assert shown == {e.label for e in data.entities.values() if e.type.value == "Project"}
    page.select_option("#kg-type", "")
    page.select_option("#kg-region", label="宁夏回族自治区（640000） · 4")
    shown = set(page.locator("#kg-entities tbody tr:not([hidden]) td:first-child").all_inner_texts())
    assert {"青铜峡市", "吴忠市", "宁夏回族自治区", "华电集团63亿元智能化集中供热"} <= shown
    assert "蓝天工程" not in shown
    assert "region=" in page.url
    # the filter in the address is restored on load
    page.goto(url(root, "index.html") + "#type=Region&q=青铜")
    page.wait_for_selector("body[data-ready]")
    assert page.locator("#kg-entities tbody tr:not([hidden])").all_inner_texts()[0].startswith("青铜峡市")


# ---------------------------------------------------------------- entity -> document


def test_evidence_link_reaches_the_highlighted_sentence(built, page):
    root, data = built
    e = entity(data, "青铜峡市")
    page.goto(url(root, e.path))
    link = page.locator("a.kg-goto").first
    with page.expect_navigation():
        link.click()
    assert "/document/" in page.url and "#s" in page.url
    target = page.locator(".kg-s:target")
    assert target.count() == 1
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 241, 168)"  # --kg-hi
    box = target.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view
    assert "青铜峡市" in target.inner_text()
    assert target.locator(f'a[href="../{e.path}"]').count() >= 1  # and the mention links back
    assert_clean(page)


# ---------------------------------------------------------------- hostile text


def test_no_page_runs_hostile_text(built, page):
    root, _ = built
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page.goto(url(root, path))
        if page.locator("#kg-network").count():
            page.wait_for_selector("body[data-drawn]")
        assert page.locator("img, iframe, object, embed").count() == 0, path
        assert page.locator('a[href^="javascript:" i]').count() == 0, path
        scripts = page.eval_on_selector_all("script", "els => els.map(e => e.src ? 'src' : e.type)")
        assert set(scripts) <= {"src", "application/json"}, path
        assert_clean(page)


def test_hostile_names_show_as_text_in_tooltips(built, page):
    root, data = built
    e = entity(data, SCRIPT_LABEL)
    page.goto(url(root, e.path))
    page.wait_for_selector("body[data-drawn]")
    x, y = page.evaluate("""() => {
        var p = kgNetwork.canvasToDOM(kgNetwork.getPositions(['n0'])['n0']);
        var box = document.getElementById('kg-network').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""")
    page.mouse.move(x, y)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible")
    assert SCRIPT_LABEL in tip.inner_text()
    assert tip.query_selector("script, img, a") is None
    assert page.inner_text("h1").endswith(SCRIPT_LABEL)
    assert_clean(page)
