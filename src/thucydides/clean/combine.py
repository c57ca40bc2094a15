"""Main text by paragraph vote: several extractors propose, a small fitted model chooses.

Our page rules fitted the pages they were written against and lost on unseen sites, while a
well-kept extractor alone keeps page furniture. So neither replaces the other:

1. Candidates. trafilatura with recall favoured gives the backbone: every line of its output is a
   candidate paragraph, in page order. trafilatura's default and precision-favouring runs,
   readability (trafilatura's fork of readability-lxml) and jusText are the voters; our own rules'
   result (trafilatura's text through `page.parse_page`) only adds the lines the others lack.
2. Signals, all general (nothing names a site): how much of the paragraph each voter kept
   (word-bigram containment, robust to voters cutting paragraphs differently), its length and final
   punctuation, its link density in the DOM, its position (inside the span the voters agree on or
   outside it), its shape under our rules (furniture, metadata line, caption, headline-like, prose),
   whether it is printed twice, and its neighbours' votes.
3. A logistic model over the signals gives each paragraph a probability of being story text; the
   paragraphs at or above the threshold are the main text. Weights and threshold are fitted by code
   (`fit`), never by hand: benchmarks/extraction_quality.py fits them inside each cross-validation
   fold and writes the shipped ones (data/clean/extraction_model.json) from all development pages.
4. The chosen paragraphs then go through `page.parse_page` like any page text, which keeps what our
   rules do best: headline, dateline, byline and timestamp lines as metadata, captions, stories,
   repeats.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .page import classify, normalise_space, split_units, words
from .rules import PageRules

# Our rules' own result adds the lines the extractors lack to the backbone but casts no vote: the
# rules were written against the development pages, so a weight fitted to them would trust them
# more than unseen sites warrant (benchmarks/extraction_quality.py measures it with --drop).
VOTERS = ("default", "precision", "readability", "justext")
KIND_GROUPS = {
    "boilerplate": "furniture", "link_heading": "furniture", "link": "furniture", "fragment": "furniture",
    "breadcrumb": "furniture", "time": "meta", "byline": "meta", "agency": "meta",
    "caption": "caption", "headline": "headline", "body": "body",
}  # fmt: skip
GROUPS = ("furniture", "meta", "caption", "headline")
FEATURES = (
    *(f"vote_{v}" for v in VOTERS),
    "votes_mean",
    "neighbour_votes",
    "log_words",
    "short",
    "terminal",
    "link_density",
    "inside_core",
    "position",
    *(f"kind_{g}" for g in GROUPS),
    "repeated",
    "bias",
)
_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]?$""")


@dataclass
class Candidate:
    text: str
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class Model:
    weights: dict[str, float]
    threshold: float = 0.5
    mean: dict[str, float] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)

    def probability(self, features: dict[str, float]) -> float:
        z = 0.0
        for name, weight in self.weights.items():
            value = features.get(name, 0.0)
            if name != "bias":
                value = (value - self.mean.get(name, 0.0)) / (self.scale.get(name, 1.0) or 1.0)
            z += weight * value
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"features": list(FEATURES), "weights": self.weights, "threshold": self.threshold,
                           "mean": self.mean, "scale": self.scale}, indent=1, sort_keys=True)


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model fitted on the development pages (None when the data file is missing)."""
    try:
        text = resources.files("thucydides").joinpath("data/clean/extraction_model.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(text)
    return Model(weights=data["weights"], threshold=data["threshold"], mean=data["mean"], scale=data["scale"])


# ---------------------------------------------------------------- text helpers


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in words(text)]


def _grams(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < 2:
        return {tuple(tokens)} if tokens else set()
    return set(zip(tokens, tokens[1:], strict=False))


def _containment(grams: set[tuple[str, ...]], other: set[tuple[str, ...]]) -> float:
    return len(grams & other) / len(grams) if grams else 0.0


def _all_grams(text: str) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for line in text.split("\n"):
        tokens = _tokens(line)
        out |= _grams(tokens)
        out |= {(t,) for t in tokens}
    return out


# a line running on into a lower-case line: a <br> inside a paragraph (`clean._html_blocks` joins them too)
RUN_ON = re.compile(r"(?<![.!?:;\"”’])[ \t]*\n[ \t]*(?=[a-z])")


def _lines(text: str | None) -> list[str]:
    """The paragraphs of an extractor's text: a line running on into a lower-case line (a <br>
    inside a paragraph) is joined to it, as `clean._html_blocks` does."""
    text = RUN_ON.sub(" ", text or "")
    return [normalise_space(line) for line in text.split("\n") if normalise_space(line)]


# ---------------------------------------------------------------- voters


def _trafilatura(html: str, url: str | None, **options) -> str:
    import trafilatura

    try:
        return trafilatura.extract(html, url=url, include_comments=False, include_tables=True,
                                   deduplicate=False, **options) or ""
    except (ValueError, TypeError, AttributeError, LookupError):
        return ""


def _block_text(root) -> str:
    for element in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
                             "table", "section", "article", "header", "footer", "figcaption"):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _readability(tree) -> str:
    from lxml import html as lxml_html
    from trafilatura.readability_lxml import Document

    try:
        summary = Document(_copy(tree)).summary()
        return _block_text(lxml_html.fromstring(summary)) if summary else ""
    except Exception:  # noqa: BLE001 - a voter that fails on a page abstains
        return ""


def _justext(html: str) -> str:
    import justext

    try:
        paragraphs = justext.justext(html.encode("utf-8", "replace"), justext.get_stoplist("English"))
    except Exception:  # noqa: BLE001 - a voter that fails on a page abstains
        return ""
    return "\n".join(p.text for p in paragraphs if p.class_type in ("good", "neargood"))


def _copy(tree):
    from copy import deepcopy

    return deepcopy(tree)


def _anchor_texts(tree) -> list[str]:
    found = set()
    for anchor in tree.iter("a"):
        tokens = _tokens(anchor.text_content() or "")
        if tokens:
            found.add(" ".join(tokens))
    return sorted(found, key=len, reverse=True)


def _link_density(tokens: list[str], anchors: list[str]) -> float:
    if not tokens:
        return 0.0
    text = " " + " ".join(tokens) + " "
    linked = 0
    for anchor in anchors:
        if len(anchor) > len(text):
            continue
        key = " " + anchor + " "
        if key in text:
            linked += text.count(key) * (anchor.count(" ") + 1)
            text = text.replace(key, " ")
    return min(1.0, linked / len(tokens))


# ---------------------------------------------------------------- candidates


def _merge_lines(backbone: list[str], other: list[str]) -> list[str]:
    """The backbone with the lines of `other` it lacks, each placed after the backbone line that
    matches the line before it in `other` (page order kept where the two agree)."""
    if not backbone:
        return list(other)
    grams = [_grams(_tokens(line)) for line in backbone]
    known: set[tuple[str, ...]] = set().union(*grams)
    merged = list(backbone)
    origin = list(range(len(backbone)))  # backbone index of each merged line (-1: inserted)
    anchor = -1  # merged index after which the next missing line goes
    for line in other:
        line_grams = _grams(_tokens(line))
        if not line_grams:
            continue
        if _containment(line_grams, known) >= 0.5:
            best = max(range(len(grams)), key=lambda i: len(grams[i] & line_grams))
            anchor = origin.index(best)
            continue
        anchor += 1
        merged.insert(anchor, line)
        origin.insert(anchor, -1)
    return merged


@dataclass
class PageCandidates:
    candidates: list[Candidate]
    rules_text: str  # what our rules alone keep (the fallback)


def candidates(
    html: str, url: str | None, rules_text: str, rules: PageRules, default_text: str | None = None
) -> PageCandidates:
    """The backbone paragraphs of a page with their signals. `rules_text` is our rules' own result;
    `default_text`, when the caller has it already, is what `_trafilatura(html, url)` returns."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)  # copes with encoding declarations and broken markup
    except Exception:  # noqa: BLE001 - no tree: readability abstains, links count as none
        tree = None
    default_text = default_text if default_text is not None else _trafilatura(html, url)
    backbone = _lines(_trafilatura(html, url, favor_recall=True))
    for other in (default_text, rules_text):
        backbone = _merge_lines(backbone, _lines(other))
    texts = {
        "default": default_text,
        "precision": _trafilatura(html, url, favor_precision=True),
        "readability": _readability(tree) if tree is not None else "",
        "justext": _justext(html),
    }
    voter_grams = {name: _all_grams(text) for name, text in texts.items()}
    anchors = _anchor_texts(tree) if tree is not None else []

    units = split_units("\n\n".join(backbone))
    classify(units, rules)
    kind_of: dict[str, str] = {}
    for unit in units:
        kind_of.setdefault(unit.text, unit.kind)

    counts = Counter(" ".join(_tokens(line)) for line in backbone)
    out: list[Candidate] = []
    for index, line in enumerate(backbone):
        tokens = _tokens(line)
        grams = _grams(tokens)
        f: dict[str, float] = {}
        present = [name for name in VOTERS if voter_grams[name]]
        for name in present:
            f[f"vote_{name}"] = _containment(grams, voter_grams[name])
        f["votes_mean"] = sum(f[f"vote_{v}"] for v in present) / len(present) if present else 0.0
        for name in VOTERS:
            # a voter that kept nothing of the page (failed, or jusText on a language it has no
            # stop words for) abstains: it takes the others' mean
            f.setdefault(f"vote_{name}", f["votes_mean"])
        f["log_words"] = math.log1p(len(tokens))
        f["short"] = 1.0 if len(tokens) < 8 else 0.0
        f["terminal"] = 1.0 if _TERMINAL.search(line) else 0.0
        f["link_density"] = _link_density(tokens, anchors)
        f["position"] = index / max(1, len(backbone) - 1)
        group = KIND_GROUPS.get(kind_of.get(line, "body"), "body")
        for g in GROUPS:
            f[f"kind_{g}"] = 1.0 if group == g else 0.0
        f["repeated"] = 1.0 if counts[" ".join(tokens)] > 1 else 0.0
        f["bias"] = 1.0
        out.append(Candidate(line, f))
    # the span the voters agree on: from the first to the last paragraph most of them keep
    agreed = [i for i, c in enumerate(out) if c.features["votes_mean"] >= 0.6]
    for i, c in enumerate(out):
        c.features["inside_core"] = 1.0 if agreed and agreed[0] <= i <= agreed[-1] else 0.0
        around = [out[j].features["votes_mean"] for j in (i - 1, i + 1) if 0 <= j < len(out)]
        c.features["neighbour_votes"] = sum(around) / len(around) if around else 0.0
    return PageCandidates(out, rules_text)


def select(page: PageCandidates, model: Model) -> list[str]:
    """The candidate paragraphs the model keeps, in page order."""
    return [c.text for c in page.candidates if model.probability(c.features) >= model.threshold]


# ---------------------------------------------------------------- fitting


def fit(
    examples: list[tuple[dict[str, float], float, float]],
    *,
    l2: float = 1.0,
    steps: int = 25,
    names: tuple[str, ...] = FEATURES,
) -> Model:
    """Weighted logistic regression (Newton steps, L2): (features, label 0..1, weight) -> Model.

    Features are standardised with the training means and spreads, which the model keeps; the
    threshold is 0.5 until the caller tunes it.
    """
    import numpy as np

    names = list(names) + (["bias"] if "bias" not in names else [])
    x = np.array([[f.get(n, 0.0) for n in names] for f, _, _ in examples], dtype=float)
    y = np.array([label for _, label, _ in examples], dtype=float)
    w_ex = np.array([weight for _, _, weight in examples], dtype=float)
    w_ex = w_ex * len(y) / w_ex.sum()
    bias = names.index("bias")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[bias], scale[bias] = 0.0, 1.0
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    penalty = np.full(len(names), l2)
    penalty[bias] = 0.0
    theta = np.zeros(len(names))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xs @ theta, -30, 30)))
        grad = xs.T @ (w_ex * (p - y)) + penalty * theta
        hessian = (xs * (w_ex * p * (1 - p))[:, None]).T @ xs + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hessian, grad)
        theta -= step
        if np.abs(step).max() < 1e-6:
            break
    return Model(
        weights={n: float(t) for n, t in zip(names, theta, strict=True)},
        threshold=0.5,
        mean={n: float(m) for n, m in zip(names, mean, strict=True)},
        scale={n: float(s) for n, s in zip(names, scale, strict=True)},
    )
