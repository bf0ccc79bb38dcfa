"""The gazetteer: parsing jionlp's tree, indexing rules, and lookups on the real data."""
from __future__ import annotations

import pytest

from kg.gazetteer import Gazetteer, Place, load_gazetteer, parse_places
from kg.resources import JIONLP_LOCATION, ensure_asset

# A slice of china_location.txt in its own shape (CRLF, tabs), with each special case.
TREE = "\r\n".join([
    "宁夏回族自治区\t640000\t宁夏",
    "\t吴忠市\t640300\t吴忠",
    "\t\t青铜峡市\t640381\t青铜峡",
    "\t\t\t青铜峡镇",
    "\t\t\t\t青铜峡村",               # village: skipped
    "\t\t\t裕民街道",
    "\t\t\t树新林场",                 # neither town nor village: skipped
    "\t\t盐池县\t640323\t盐池",
    "\t\t\t高沙窝镇",
    "\t\t\t高沙窝镇",                 # listed twice
    "北京市\t110000\t北京",
    "\t北京市\t110000\t北京",         # municipality: city line repeats the code
    "\t\t朝阳区\t110105\t朝阳",
    "河南省\t410000\t河南",
    "\t省直辖行政区划\t419000\t省直辖",
    "\t\t济源市\t419001\t济源",
    "广东省\t440000\t广东",
    "\t东莞市\t441900\t东莞",
    "\t\t市直辖行政区划\t441900\t市直辖",
    "\t\t\t虎门镇",
    "香港特别行政区\t810000\t香港",
    "\t香港\t810000\t香港",
    "\t\t东区\t810000\t东区",         # Hong Kong districts share the SAR's code
    "台湾省\t710000\t台湾",
    "\t台北市\t710100\t台北",
    "\t\t中山区",                     # no code: skipped with its subtree
    "\t\t\t某某镇",
    "",
])


def test_parse_places_folds_groupings_and_skips_villages():
    assert parse_places(TREE) == [
        Place("宁夏回族自治区", "640000", "province", "", "宁夏"),
        Place("吴忠市", "640300", "city", "640000", "吴忠"),
        Place("青铜峡市", "640381", "county", "640300", "青铜峡"),
        Place("青铜峡镇", "", "town", "640381", "青铜峡镇"),
        Place("裕民街道", "", "town", "640381", "裕民街道"),
        Place("盐池县", "640323", "county", "640300", "盐池"),
        Place("高沙窝镇", "", "town", "640323", "高沙窝镇"),
        Place("高沙窝镇", "", "town", "640323", "高沙窝镇"),
        Place("北京市", "110000", "province", "", "北京"),
        Place("朝阳区", "110105", "county", "110000", "朝阳"),
        Place("河南省", "410000", "province", "", "河南"),
        Place("济源市", "419001", "county", "410000", "济源"),
        Place("广东省", "440000", "province", "", "广东"),
        Place("东莞市", "441900", "city", "440000", "东莞"),
        Place("虎门镇", "", "town", "441900", "虎门镇"),
        Place("香港特别行政区", "810000", "province", "", "香港"),
        Place("台湾省", "710000", "province", "", "台湾"),
        Place("台北市", "710100", "city", "710000", "台北"),
    ]


@pytest.fixture(scope="module")
def small() -> Gazetteer:
    return Gazetteer(parse_places(TREE))


# fmt: off
SMALL_LOOKUPS = [
    ("宁夏",           ["640000"]),
    ("宁夏回族自治区", ["640000"]),
    ("青铜峡",         ["640381"]),       # the county's short form wins over 青铜峡镇 minus 镇
    ("青铜峡镇",       [""]),
    ("高沙窝",         [""]),             # town without 镇: 3+ characters
    ("虎门",           []),               # 2 characters: too often a word by accident
    ("北京",           ["110000"]),
    ("东区",           []),               # generic word, and no code of its own
    ("中山区",         []),
    ("省直辖",         []),
]
# fmt: on


@pytest.mark.parametrize("name,codes", SMALL_LOOKUPS)
def test_small_lookup(small, name, codes):
    assert [p.code for p in small.lookup(name)] == codes


def test_duplicates_are_merged(small):
    assert len(small.lookup("高沙窝镇")) == 1
    assert len(small) == len(set(parse_places(TREE)))


def test_parent_chain(small):
    town = small.lookup("高沙窝")[0]
    county = small.parent_of(town)
    assert county is not None and county.name == "盐池县"
    city = small.parent_of(county)
    assert city is not None and city.name == "吴忠市"
    province = small.parent_of(city)
    assert province is not None and province.name == "宁夏回族自治区"
    assert small.parent_of(province) is None


# fmt: off
INDEX_CASES = [
    # (places, key, expected names)                        why
    ([Place("芒市", "533103", "county", "533100", "芒")], "芒", []),       # 1-character short form
    ([Place("X经济技术开发区", "100171", "county", "100100", "经开区"),
      Place("Y经济技术开发区", "100271", "county", "100200", "经开区")], "经开区", []),   # a kind, not a name
    ([Place("克孜勒苏柯尔克孜自治州", "653000", "city", "650000", "克州/克孜勒苏")], "克州",
     ["克孜勒苏柯尔克孜自治州"]),
    ([Place("克孜勒苏柯尔克孜自治州", "653000", "city", "650000", "克州/克孜勒苏")], "克孜勒苏",
     ["克孜勒苏柯尔克孜自治州"]),
    ([Place("石家庄循环化工园区", "130172", "county", "130100", "化工园区")], "化工园区", []),
    ([Place("沧州市", "130900", "city", "130000", "沧州"),
      Place("沧州渤海新区", "130973", "county", "130900", "渤海新区")], "渤海新区", ["沧州渤海新区"]),
    ([Place("于城镇", "", "town", "100101", "于城镇")], "于城镇", []),     # 快于城镇
    ([Place("城区", "140302", "county", "140300", "城区")], "城区", []),
]
# fmt: on


@pytest.mark.parametrize("places,key,expected", INDEX_CASES)
def test_index_rules(places, key, expected):
    assert [p.name for p in Gazetteer(places).lookup(key)] == expected


def test_bare_town_must_not_be_a_known_word():
    places = [Place("松花江镇", "", "town", "230100", "松花江镇"), Place("下马关镇", "", "town", "640324", "下马关镇")]
    gaz = Gazetteer(places, common_words=frozenset({"松花江"}))
    assert gaz.lookup("松花江") == ()
    assert [p.name for p in gaz.lookup("下马关")] == ["下马关镇"]


def test_exact_full_name_comes_before_short_forms():
    places = [Place("吉林省", "220000", "province", "", "吉林"), Place("吉林市", "220200", "city", "220000", "吉林市"),
              Place("吉林县", "229999", "county", "220200", "吉林")]
    assert [p.code for p in Gazetteer(places).lookup("吉林")] == ["220000", "229999"]
    assert [p.code for p in Gazetteer([*places, Place("吉林", "229998", "county", "220200", "吉林")]).lookup("吉林")] \
        == ["229998", "220000", "229999"]


# --- the real data (downloads jionlp once into the cache) -------------------------------------

@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    ensure_asset(JIONLP_LOCATION)
    return load_gazetteer()


# fmt: off
REAL_LOOKUPS = [
    ("宁夏",           "640000", "province"),
    ("宁夏回族自治区", "640000", "province"),
    ("吴忠",           "640300", "city"),
    ("吴忠市",         "640300", "city"),
    ("利通区",         "640302", "county"),
    ("青铜峡",         "640381", "county"),
    ("青铜峡市",       "640381", "county"),
    ("灵武市",         "640181", "county"),
    ("兴庆区",         "640104", "county"),
    ("西夏区",         "640105", "county"),
    ("内蒙古",         "150000", "province"),
    ("上海",           "310000", "province"),
    ("郑州",           "410100", "city"),
    ("克州",           "653000", "city"),
    ("济源",           "419001", "county"),
    ("高沙窝",         "",       "town"),
    ("下马关",         "",       "town"),
]
# fmt: on


@pytest.mark.parametrize("name,code,level", REAL_LOOKUPS)
def test_real_lookup(gaz, name, code, level):
    first = gaz.lookup(name)[0]
    assert (first.code, first.level) == (code, level)


@pytest.mark.parametrize("name", ["雄安新区", "雄安", "城区", "经开区", "地方", "大坝", "街道", "宁", "中"])
def test_real_non_keys(gaz, name):
    assert gaz.lookup(name) == ()


def test_real_counts(gaz):
    counts = {level: sum(p.level == level for p in gaz.places()) for level in ("province", "city", "county", "town")}
    assert counts["province"] == 34
    assert 330 <= counts["city"] <= 345
    assert 2900 <= counts["county"] <= 3100
    assert 35_000 <= counts["town"] <= 45_000


def test_real_keys_have_two_characters_or_more(gaz):
    assert min(map(len, gaz.names())) >= 2
    assert gaz.max_name_length == max(map(len, gaz.names()))


def test_real_codes_and_parents_are_consistent(gaz):
    for p in gaz.places():
        if p.level == "town":
            assert p.code == "" and gaz.by_code(p.parent) is not None, p
        else:
            assert len(p.code) == 6 and p.code.isdigit(), p
        if p.level == "province":
            assert p.parent == ""
        else:
            parent = gaz.parent_of(p)
            assert parent is not None and parent.level != p.level, p


def test_towns_hang_from_counties(gaz):
    town = gaz.lookup("高沙窝镇")[0]
    assert gaz.parent_of(town) == gaz.by_code("640323")
    assert gaz.by_code("640323").name == "盐池县"


def test_loaded_once_per_process(gaz):
    assert load_gazetteer() is gaz
