"""Each extractor on real sentences of the genre: (text, expected mentions) tables."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.pipeline import extract_document
from kg.text import Document


def found(name: str, text: str) -> list[str]:
    """What the pipeline keeps of one extractor's mentions (after overlaps are resolved)."""
    result = extract_document(Document.from_text("t", text))
    return sorted({m.text for e in result.entities if e.type.lower() == name for m in e.mentions})


# fmt: off
REGION_CASES = [
    ("提标改造青铜峡、利通区河岸堤防，防洪标准达到百年一遇。", ["利通区", "青铜峡"]),
    ("支持**区、盐池县、同心县围绕新材料布局创新平台。", ["**区", "同心县", "盐池县"]),
    ("推动宁夏与内蒙古上海庙经济开发区合作。", ["上海庙", "上海庙经济开发区", "内蒙古", "宁夏"]),
    ("加快推进京津冀协同发展，对接粤港澳大湾区。", ["京津冀", "粤港澳大湾区"]),
    ("全市城乡面貌明显改善。", []),                       # generic words are not regions
    ("深入实施乡村振兴战略，推动富裕起来。", []),           # county short forms that are words, far from home
    ("河南省支持开封、洛阳发展文旅产业。", ["开封", "河南省", "洛阳"]),  # a city's short form that is also a verb, at home
    ("壮大绿色工业园区，建设国家级新区和都江堰灌区。", ["都江堰灌区"]),  # kinds of zones are not names
    ("创建国家5A级景区，保护饮用水源保护区，推进京雄科创走廊。", ["京雄科创走廊"]),
    ("建设西部（成都）科学城，保护四川盆地生态。", ["四川盆地", "成都", "西部（成都）科学城"]),
    ("学习习近平总书记视察宁夏重要讲话精神。", []),        # a place inside a speech's name
    ("黑龙江省推动人民生活向共同富裕迈进。", ["黑龙江省"]),  # 富裕 (a county at home) used as the adjective
    ("江西省推动赣南、赣东北加快发展。", ["江西省", "赣东北", "赣南"]),  # a province's abbreviation and a direction
]
ENTERPRISE_CASES = [
    ("华电集团63亿元智能化集中供热、中联重科6亿元生活垃圾无害化处理等项目。", ["中联重科", "华电集团"]),
    ("支持启元药业、泰瑞制药扩大产能。", ["启元药业", "泰瑞制药"]),
    ("培育一批龙头企业和重点企业。", []),                  # generic company words
    ("辽宁省今年要推进瑞普光子激光器、天楹辽源等项目建设。", ["天楹", "瑞普光子"]),  # a listed project's owner
    ("推进新能源汽车、新材料等项目建设。", []),            # sectors, not companies
]
PROJECT_CASES = [
    ("重点实施牛首山抽水蓄能电站等项目。", ["牛首山抽水蓄能电站"]),
    ("加快华电灵武电厂热电联产集中供热工程建设。", ["华电灵武电厂热电联产集中供热工程"]),
    ("华电集团63亿元智能化集中供热、恒天集团10亿元城市绿色交通生态模式等项目，总投资超过80亿元。",
     ["华电集团63亿元智能化集中供热", "恒天集团10亿元城市绿色交通生态模式"]),
    ("统筹推进重大项目和基础设施建设。", []),              # no place, company or amount
    ("开工建设桑龙、城龙等7条高速公路。", ["桑龙、城龙等7条高速公路"]),  # a list closed by 等 is one entity
    ("实施闽江干流防洪提升等重大工程。", []),              # …等重大工程 is a category word
    ("河南省建设豫东水资源配置工程。", ["豫东水资源配置工程"]),  # a works at a named part of the province
    ("新开工建设10亿元以上重大产业项目。", []),            # a size class
    ("建成5条高铁，实施1.1万个重大产业项目，构建1小时高铁圈。", []),  # counts and travel times
    ("推进三澳核电二期建设。", ["三澳核电二期"]),          # the phase belongs to the name
    ("加快引江济淮工程建设，推进南水北调中线工程。", ["南水北调中线工程", "引江济淮工程"]),  # water transfers
    ("浙江省提升杭州、宁波、温州机场能级。", ["杭州、宁波、温州机场"]),  # places sharing one head: one works
    ("四川省推动宜西攀高铁纳入国家规划。", ["宜西攀高铁"]),  # abbreviated places the lexicon reads as verbs
    ("实现县县通高速。", []),                              # ordinary words, not abbreviated places
    ("聚焦新质生产力、新型城镇化等重点领域谋划实施项目。", []),  # a list of fields
    ("实施清洁取暖试点、中水利用等项目。", []),            # a term and what is done with it
]
CAMPAIGN_CASES = [
    ("1.实施“蓝天工程”，让天常蓝。", ["“蓝天工程”"]),
    ("深入推进“龙须沟”治理“三年行动计划”。", ["“龙须沟”治理“三年行动计划”"]),
    ("实施城市更新行动，打好污染防治攻坚战。", ["城市更新行动", "污染防治攻坚战"]),  # 城市更新 nests in the longer name
    ("落实“三去一降一补”任务。", []),                      # a list label, not a programme
    ("要实施专项治理，加强污染治理。", []),                 # generic activities
    ("融入全国统一大市场建设。", ["全国统一大市场"]),       # 统一大 is no numbered bundle
    ("持续推进**节能减煤加氢五年行动。", ["**节能减煤加氢五年行动"]),  # unknown compounds and the holder stay
    ("严格落实“党政同责、一岗双责”。", []),               # a slogan of paired phrases
    ("推进要素市场化配置综合改革试点。", ["要素市场化配置综合改革试点"]),  # 要 of 要素 is no particle
    ("支持“双一流”“双特色”建设。", ["“双一流”", "“双特色”"]),  # quoted members before one head
    ("全面推行河（湖）长制。", ["河（湖）长制"]),            # a short gloss inside the name
    ("推动“科创飞地”建设提质增效。", ["“科创飞地”建设"]),     # a quoted name may end in 地
    ("培育农业强县、工业强县。", []),                      # ranks a county holds
    ("实施村庄基础设施建设、农村人居环境整治提升等工程。", ["农村人居环境整治提升"]),  # items of …等工程
]
TARGET_CASES = [
    ("统筹河道水域生态建设，防洪标准达到百年一遇。", ["防洪标准达到百年一遇"]),
    ("预计到2026年，**市GDP将超过千亿元。", ["到2026年，**市GDP将超过千亿元"]),
    ("确保建成区内所有施工现场整治率达100%。", ["确保建成区内所有施工现场整治率达100%"[2:]]),
    ("要实施专项治理，确保全年环境质量明显改善。", ["全年环境质量明显改善"]),  # a dated goal with no figure
    ("过去五年，地区生产总值年均增长5.5%。", []),          # a review of past results
    ("支持洛阳等10个国家物流枢纽建设。", []),              # the size of a list of names
    ("推进长春、白山2个城市示范项目。", []),
    ("新培育独角兽、小巨人企业300家以上。", ["新培育独角兽、小巨人企业300家以上"]),  # a goal, not a list's size
    ("经济增长5%左右、在实际工作中努力争取更好结果。", ["经济增长5%左右"]),
    ("主要目标是：居民收入增长与经济增长同步等16个预期性指标。", ["居民收入增长与经济增长同步"]),  # a benchmark
    ("增强“四个意识”、坚定“四个自信”。", []),              # labels, not figures
]
# fmt: on


EXTRACTOR_CASES = [
    (kind, text, expected)
    for kind, cases in (("region", REGION_CASES), ("enterprise", ENTERPRISE_CASES), ("project", PROJECT_CASES),
                        ("campaign", CAMPAIGN_CASES), ("target", TARGET_CASES))
    for text, expected in cases
]


@pytest.mark.parametrize("kind,text,expected", EXTRACTOR_CASES)
def test_extractor(kind, text, expected):
    assert found(kind, text) == sorted(expected)


def test_target_values_are_numbers():
    result = extract_document(Document.from_text("t", "到2027年，城镇新增就业21万人，一般公共预算收入增长3.7%。"))
    data = {e.label: e.data for e in result.entities if e.type == "Target"}
    assert data["到2027年，城镇新增就业21万人"]["number"] == 210000
    assert data["到2027年，城镇新增就业21万人"]["year"] == 2027
    assert data["一般公共预算收入增长3.7%"]["unit"] == "percent"
    assert data["一般公共预算收入增长3.7%"]["number"] == Decimal("3.7")


def test_project_amounts_are_numbers():
    result = extract_document(Document.from_text("t", "华电集团63亿元智能化集中供热等项目加快建设。"))
    project = next(e for e in result.entities if e.type == "Project")
    assert project.data == {"amount": 6300000000, "currency": "CNY", "amount_text": "63亿元"}


# fmt: off
RELATION_CASES = [
    ("华电集团63亿元智能化集中供热等项目加快建设。",
     [("involves", "华电集团63亿元智能化集中供热", "华电集团")]),
    ("推动宁夏与内蒙古上海庙经济开发区合作。",
     [("locatedIn", "上海庙", "内蒙古"), ("locatedIn", "上海庙经济开发区", "上海庙"),
      ("locatedIn", "上海庙经济开发区", "内蒙古")]),
    ("实施好创新力量厚植、创新主体培育“两大工程”。",
     [("partOf", "创新主体培育", "“两大工程”"), ("partOf", "创新力量厚植", "“两大工程”")]),
    ("统筹河道生态建设，提标改造青铜峡、利通区河岸堤防，防洪标准达到百年一遇。",   # joint holders
     [("hasTarget", "利通区", "防洪标准达到百年一遇"), ("hasTarget", "青铜峡", "防洪标准达到百年一遇")]),
    ("1.实施“蓝天工程”，让天常蓝。燃煤污染综合治理工程突出煤质监管，整治率达100%。",
     [("hasTarget", "燃煤污染综合治理工程", "整治率达100%"), ("partOf", "燃煤污染综合治理工程", "“蓝天工程”")]),
    ("今年要办好十件民生实事。\n1.就业方面。新增城镇就业50万人。\n2.养老方面。新建养老服务中心100个。",  # counted items
     [("hasTarget", "民生实事", "新增城镇就业50万人"), ("hasTarget", "民生实事", "新建养老服务中心100个")]),
    ("过去一年，我们办好十件民生实事。\n1.就业方面。新增城镇就业50万人。", []),  # announced in the review
    ("今年主要目标包括：碳达峰行动有序推进，城镇新增就业50万人。", []),  # headline goals have no holder
    ("推动宜西攀高铁、成达万高铁等“十大工程”纳入国家规划。",  # works listed right before a bundle
     [("partOf", "宜西攀高铁", "“十大工程”"), ("partOf", "成达万高铁", "“十大工程”")]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", RELATION_CASES)
def test_relations(text, expected):
    result = extract_document(Document.from_text("t", text))
    label = {e.id: e.label for e in result.entities}
    got = sorted((str(r.type), label[r.head], label[r.tail]) for r in result.relations)
    assert got == sorted(expected)


def test_offsets_point_into_the_text():
    text = "预计到2026年，**市GDP将超过千亿元。实施“蓝天工程”，加快华电灵武电厂热电联产集中供热工程建设。"
    doc = Document.from_text("t", text)
    result = extract_document(doc)
    assert result.entities
    for e in result.entities:
        for m in e.mentions:
            assert doc.text[m.start : m.end] == m.text
            assert doc.sentences[m.sentence].start <= m.start < doc.sentences[m.sentence].end


# fmt: off
RESOLUTION_CASES = [
    # quoted and unquoted forms, 战略/建设 suffixes: one programme
    ("实施“蓝天工程”。蓝天工程成效明显。", [["“蓝天工程”", "蓝天工程"]]),
    ("深入实施乡村振兴战略。推进乡村振兴。", [["乡村振兴", "乡村振兴战略"]]),
    # wordings of one national programme, by the table of programme names
    ("推进乡村全面振兴。巩固乡村振兴成果。", [["乡村全面振兴", "乡村振兴"]]),
    # a shortened form of a longer programme name in the same document (characters in order, same head)
    ("推进生态文明建设示范市创建。抓好生态市创建。", [["生态市创建", "生态文明建设示范市创建"]]),
    ("深化“人工智能+”行动，开展“人工智能+文化”行动。", [["“人工智能+文化”行动"], ["“人工智能+”行动"]]),
    ("开展国家碳达峰试点，争取国家试点。", [["国家碳达峰试点"], ["国家试点"]]),  # too short to abbreviate
    # a short and a full place name with one administrative code
    ("青铜峡市加快发展。青铜峡推进改革。", [["青铜峡", "青铜峡市"]]),
    # enumerated members split into entities of their own
    ("推进“四尘同治”“五水共治”“六废联治”。", [["“五水共治”"], ["“六废联治”"], ["“四尘同治”"]]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", RESOLUTION_CASES)
def test_resolution(text, expected):
    result = extract_document(Document.from_text("t", text))
    groups = sorted(sorted({m.text for m in e.mentions}) for e in result.entities if e.type.value in ("Campaign", "Region"))
    assert groups == sorted(expected)
