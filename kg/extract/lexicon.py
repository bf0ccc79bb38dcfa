"""Word classes of the genre (Chinese government reports, plans and speeches).

These are closed classes of the language of the genre — verbs that open a clause,
function words, generic heads, name suffixes — not names of entities. Names come
from the gazetteer (`kg.gazetteer`) and the alias table (`kg/data/enterprises.tsv`).
"""
from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

# Verbs, adverbs and function words that never belong to a name: a name's left
# edge is the first token after the last of these.
CLAUSE_WORDS = frozenset(
    """
    实施 推进 加快 加速 建设 建成 新建 续建 开工 开工建设 启动 完成 推动 打造 开展 落实 深化 加强 强化
    持续 深入 全面 积极 大力 着力 扎实 统筹 围绕 依托 聚焦 培育 发展 提升 做好 抓好 办好 组织 谋划
    争取 创建 申建 获批 入选 获评 支持 引导 鼓励 促进 实现 确保 力争 坚持 坚决 加大 健全 完善 构建
    建立 优化 提高 扩大 稳定 保障 服务 融入 对接 助力 用好 抓住 打好 打赢 决战 深入推进 全力 全力推进
    重点 主要 着重 突出 狠抓 抓紧 尽快 加紧 推行 开拓 实行 落地 投产 投运 建成投运 达产 运营 运行 改造
    升级 扩建 整治 治理 保护 修复 利用 推广 探索 创新 承接 布局 规划 编制 研究 制定 出台 印发 召开 举办
    成功 顺利 基本 初步 不断 进一步 切实 认真 继续 高标准 高水平 大幅 稳步 有序 有效 精准
    以 把 将 对 为 在 于 从 向 由 被 和 与 及 以及 或 并 并且 同时 等 的 地 得 了 着 过 是 有 要 也 都 还
    我们 我市 我省 我区 全市 全省 全区 全县 各地 各级 全国 今年 明年 去年 当前 今后 目前 近年来 一批 一系列
    加快推进 大力推进 全面推进 积极推进 稳步推进 扎实推进 着力推进 深入实施 全面实施 组织实施 加快建设 重点建设
    谋划建设 规划建设 开工建设 启动建设 推进建设 有序推进 加快实施 扎实开展 深入开展 全面开展 持续开展 推动实施
    抓好 做优 做强 做大 壮大 提质 增效 引进 招引 签约 落户 入驻 共建 合作 携手 联合 依法 严格 严厉 全力以赶
    进行 遏制 新一轮 一轮 落细 落实落细 开展好 实施好 赋予 发挥 充分 充分发挥 助推 推进好 深化 加速推进 全域
    其中 包括 比如 例如 特别 尤其 主动 率先 带动 辐射 覆盖 形成 成为 作为 通过 按照 根据 结合 针对 面向
    """.split()
)

# Heads of generic phrases that are never names on their own.
GENERIC_MODIFIERS = frozenset(
    """
    重点 重大 各类 各项 一批 相关 有关 这项 此次 本次 专项 系统 全面 综合 若干 各种 其他 多个 一些 部分
    这些 那些 此类 该 本 各 新 大型 小型 中小 规模 现代 一般 主要 基础 基础设施 公益 示范 配套 城市 农村 城乡
    """.split()
)

# Punctuation that ends a name on the left (quotes are handled separately).
NAME_BREAK = set("，。；：！？、（）()《》〈〉【】[]…—,.;:!?+＋\n\t ")

QUOTE_OPEN = "“‘「『\""
QUOTE_CLOSE = "”’」』\""

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

# Sentence openers that mark a review of past results rather than a plan.
REVIEW_OPENERS = re.compile(
    r"^(?:过去(?:的)?[一二三四五]?年|这五年|五年来|一年来|去年|上年|2025年|二〇二五年|刚刚过去的|回顾|"
    r"近年来|近[几两三五]年|截至|截止|过去一年)"
)
REVIEW_HEADING = re.compile(r"回顾|过去[一五]年|工作总结|取得|成绩|成效|成就")


# Verbal nouns that live inside programme and project names (…治理工程, …保护修复):
# a verb of this list does not end a name on the left.
NAME_VERBS = frozenset(
    """建设 发展 提升 治理 改造 整治 保护 修复 创新 培育 转型 升级 振兴 利用 推广 服务 改革 示范 融合 协同
    攻坚 拓展 提质 增效 保障 优化 节能 减排 降碳 减量 增收 富民 强基 铸魂 联动 涵养 厚植 倡导 引领 驱动
    突破 提高 扩容 更新 培训 宣传 教育 排放 防控 回收 处理 供热 供气 供水 脱硫 脱硝 除尘 储运 防治 监测 运输
    共治 同治 联治 整合 开发 开放 合作 扶贫 帮扶 搬迁 安置 致富 清洁 绿化 美化 亮化 净化 管控 防护 还林 还草
    退耕 造林 种植 养殖 加工 制造 物流 交通 通信 转化 孵化 集聚 聚集 一体化 扩建 迁建 扩能 改建 新建 续建
    挖潜 引水 调水 蓄能 发电 输电 配送 冷链 储备 应急 救援 治污 防洪 防汛 抗旱 节水 净水 控制 管理 监管
    执法 审批 办成 通办 跑 办 评审 申报 认证 检测 研发 生产 试验 集中 连片 联产 综合 智能化 数字化 网络化
    高质量 深度 协调 统筹 配置 调蓄 调度 承载 补短板 强链 延链 补链""".split()
)
# jieba's part-of-speech tags for words that open a clause rather than a name.
_CLAUSE_TAGS = frozenset({"v", "d", "ad", "p", "c", "u", "r", "vd", "ul", "uj", "uz", "ug", "uv", "y", "e"})


@cache
def pos_tags() -> dict[str, str]:
    """jieba's lexicon as word -> part-of-speech tag (empty when jieba is absent).

    jieba ships a 349k-word dictionary with tags (dict.txt); we read it as a
    lexicon and never run jieba's segmenter.
    """
    tags: dict[str, str] = {}
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
        with path.open(encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
    return tags


def is_proper(word: str) -> bool:
    """A proper name as far as the lexicons know: tagged place/person/organisation/other proper, or unknown to both."""
    tag = pos_tags().get(word)
    if tag is not None:
        return tag in ("ns", "nr", "nt", "nz", "nrt", "nrfg")
    return word not in common_words()


@cache
def common_words() -> frozenset[str]:
    """spacy-pkuseg's own word list (390k words): a word in it is a word of the language, not a coined name."""
    from kg.gazetteer import _segmenter_words

    return _segmenter_words()


@cache
def clause_words_and(extra: frozenset[str]) -> frozenset[str]:
    """clause_words() with more words that end a name, built once per set: the union of ~40k words is costly."""
    return clause_words() | extra


@cache
def clause_words() -> frozenset[str]:
    """CLAUSE_WORDS plus every verb, adverb, preposition, conjunction, particle and pronoun of jieba's lexicon."""
    words = set(CLAUSE_WORDS)
    words.update(w for w, tag in pos_tags().items() if tag in _CLAUSE_TAGS)
    return frozenset(words - NAME_VERBS)
