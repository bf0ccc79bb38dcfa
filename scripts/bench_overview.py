"""Benchmark the site on a synthetic graph of 5,000 entities (1,000 of each type).

Prints the time to render every page in Python and, with Playwright and Chromium,
the time from navigation to the overview graph's first draw (load + parse + draw),
plus the same for the index and one entity page. Not a test: numbers vary by machine.

    python scripts/bench_overview.py [--entities 5000] [--documents 100] [--keep DIR]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import DocResult, Entity, EntityType, Mention, Relation, RelationType
from kg.text import Document

CHROMIUM = "/usr/bin/chromium"
SYLLABLES = "安宝北滨昌成川东丰福广海和河宏华吉江金锦康兰乐利林隆龙明南宁平庆瑞山盛泰天通新兴阳永裕云长正中州"
SUFFIX = {
    EntityType.REGION: ["县", "区", "镇", "市", "工业园区"],
    EntityType.ENTERPRISE: ["集团", "能源公司", "化工有限公司", "电厂"],
    EntityType.PROJECT: ["供热工程", "治理项目", "生态修复工程", "光伏电站"],
    EntityType.CAMPAIGN: ["行动", "专项行动", "攻坚战"],
}


def _name(rng: random.Random, type_: EntityType, n: int, used: set[str]) -> str:
    while True:
        if type_ is EntityType.TARGET:
            name = f"到{2025 + n % 10}年{''.join(rng.choices(SYLLABLES, k=3))}达标率达到{50 + n % 50}%"
        else:
            name = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 3, 4)))) + rng.choice(SUFFIX[type_])
        if name not in used:
            used.add(name)
            return name


def _mention(doc: Document, entities: dict, t: EntityType, label: str, at: int) -> tuple[str, int]:
    """Record a mention of `label` at or after `at`; returns the entity id and the sentence index."""
    start = doc.text.index(label, at)
    m = Mention(t, label, start, start + len(label), doc.sentence_at(start).index, "bench")
    if (t, label) not in entities:
        entities[(t, label)] = Entity(f"e{len(entities) + 1}", t, label, [])
    entities[(t, label)].mentions.append(m)
    return entities[(t, label)].id, m.sentence


def synthetic_results(n_entities: int = 5000, n_documents: int = 100, seed: int = 0) -> list[DocResult]:
    """Documents whose sentences each name a project with its region, enterprises, campaign and target.

    Sentence k names entity k of every type (so every entity is mentioned) plus a "hub"
    region and enterprise drawn from a skewed distribution, as real corpora have a few
    names (a province, a big group) that everything connects to. Targets belong to one
    document each (as their IRIs do); the other names recur and merge across documents.
    """
    rng = random.Random(seed)
    per_type = n_entities // len(EntityType)
    used: set[str] = set()
    names = {t: [_name(rng, t, i, used) for i in range(per_type)] for t in EntityType}
    for t in EntityType:
        rng.shuffle(names[t])
    T, R = EntityType, RelationType
    hub = lambda: min(int(rng.paretovariate(1.2)) - 1, per_type - 1)
    per_doc = -(-per_type // n_documents)
    results = []
    for d in range(n_documents):
        sentences = []
        for k in range(d * per_doc, min((d + 1) * per_doc, per_type)):
            pick = {t: names[t][k] for t in EntityType}
            region_hub, enterprise_hub = names[T.REGION][hub()], names[T.ENTERPRISE][hub()]
            text = (f"在{pick[T.REGION]}实施{pick[T.PROJECT]}，由{pick[T.ENTERPRISE]}承建，"
                    f"纳入{pick[T.CAMPAIGN]}，{pick[T.TARGET]}。")
            extra = []
            if region_hub != pick[T.REGION]:
                text += f"{pick[T.REGION]}属{region_hub}。"
                extra.append((T.REGION, region_hub))
            if enterprise_hub != pick[T.ENTERPRISE]:
                text += f"{enterprise_hub}参与{pick[T.PROJECT]}建设。"
                extra.append((T.ENTERPRISE, enterprise_hub))
            sentences.append((text, pick, extra))
        doc = Document.from_text(f"synthetic_{d:03d}", "".join(text for text, _, _ in sentences))
        entities: dict[tuple[EntityType, str], Entity] = {}
        relations = []
        pos = 0
        for text, pick, extra in sentences:
            ids = {t: _mention(doc, entities, t, label, pos) for t, label in pick.items()}
            first = doc.sentence_at(pos)
            for rel, h, t in ((R.LOCATED_IN, T.PROJECT, T.REGION), (R.INVOLVES, T.PROJECT, T.ENTERPRISE),
                              (R.PART_OF, T.PROJECT, T.CAMPAIGN), (R.HAS_TARGET, T.CAMPAIGN, T.TARGET)):
                relations.append(Relation(rel, ids[h][0], ids[t][0], first.index, first.start, first.end, "bench"))
            at = pos + text.index("。") + 1
            for t, label in extra:
                eid, index = _mention(doc, entities, t, label, at)
                s = doc.sentences[index]
                if t is T.REGION:
                    relations.append(Relation(R.LOCATED_IN, ids[T.REGION][0], eid, index, s.start, s.end, "bench"))
                else:
                    relations.append(Relation(R.INVOLVES, ids[T.PROJECT][0], eid, index, s.start, s.end, "bench"))
                at = s.end
            pos += len(text)
        results.append(DocResult(doc, list(entities.values()), relations))
    return results


def browser_times(site: Path, pages: dict[str, str]) -> dict[str, float]:
    """Milliseconds from navigation start to the page being ready (graph drawn / search wired)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for name, page_path in pages.items():
            best = None
            for _ in range(3):  # best of three: the first run also pays for disk cache and font loading
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                              else route.abort())
                page = context.new_page()
                page.goto((site / page_path).as_uri())
                attr = "data-ready" if name == "index" else "data-drawn"
                page.wait_for_selector(f"body[{attr}]", timeout=60_000)
                ms = page.evaluate("window.kgDrawnAt || performance.now()")
                best = ms if best is None else min(best, ms)
                context.close()
            out[name] = best
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the site here and keep it")
    args = parser.parse_args(argv)

    from kg.files import replace_dir
    from kg.graph import build_graph
    from kg.store import union_graph
    from kg.views import render_site

    t0 = time.perf_counter()
    results = synthetic_results(args.entities, args.documents)
    graph = union_graph(build_graph(results))
    t1 = time.perf_counter()
    pages = render_site(graph, results)
    t2 = time.perf_counter()
    n_entity = sum(1 for p in pages if p.startswith("entity/"))
    size = sum(len(t.encode("utf-8")) for t in pages.values())
    print(f"graph: {n_entity} entity pages, {sum(1 for p in pages if p.startswith('document/'))} document pages, "
          f"{len(graph)} triples (built in {t1 - t0:.1f} s)")
    print(f"render_site (Python): {t2 - t1:.1f} s for {len(pages)} files, {size / 1e6:.1f} MB "
          f"(overview.html {len(pages['overview.html'].encode()) / 1e6:.2f} MB, "
          f"index.html {len(pages['index.html'].encode()) / 1e6:.2f} MB, "
          f"largest entity page {max(len(t.encode()) for p, t in pages.items() if p.startswith('entity/')) / 1e3:.0f} kB)")

    tmp = None
    if args.keep:
        site = args.keep
    else:
        tmp = tempfile.mkdtemp(prefix="kg-bench-")
        site = Path(tmp) / "html"
    replace_dir(site, pages)
    try:
        try:
            import playwright  # noqa: F401
        except ImportError:
            print("Chromium: skipped (pip install playwright to measure load + draw time)")
            return 0
        if not Path(CHROMIUM).exists():
            print(f"Chromium: skipped ({CHROMIUM} not found)")
            return 0
        hub = max((p for p in pages if p.startswith("entity/region-")), key=lambda p: len(pages[p]))
        times = browser_times(site, {"overview": "overview.html", "index": "index.html", "entity": hub})
        print(f"Chromium overview.html load + first draw: {times['overview'] / 1000:.2f} s (best of 3)")
        print(f"Chromium index.html load + search ready: {times['index'] / 1000:.2f} s")
        print(f"Chromium {hub} (largest region page) load + draw: {times['entity'] / 1000:.2f} s")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
