"""Evaluation harness: score a geoparser against LGL / TR-News gold corpora.

The corpora (``../shared/corpora``, see its README) are the XML files published
with Gritta et al., "A pragmatic guide to geoparsing evaluation" (Language
Resources and Evaluation, 2019)::

    <articles>
      <article docid="...">
        <title>...</title>
        <text><![CDATA[...]]></text>
        <toponyms>
          <toponym>
            <start>0</start><end>10</end><phrase>Alexandria</phrase>
            <gaztag geonameid="4314550">
              <name/><fclass/><fcode/><lat/><lon/><country/><admin1/>
            </gaztag>
          </toponym>
        </toponyms>
      </article>
    </articles>

Two modes are scored:

``"gold"``
    The parser is handed the gold spans (``parser.resolve(text, spans)``) and
    only resolution is scored. This is the setting the published anchors in
    the corpus README refer to (e.g. Mordecai3 82.7 % accuracy@161km on LGL).
``"end-to-end"``
    The parser finds the toponyms itself (``parser.parse(text)``). Recognition
    is scored with exact span matching (primary) and one-to-one "any character
    overlap" matching (secondary); resolution is scored over *all* gold
    toponyms with coordinates.

In both modes a gold toponym the parser did not recognise, or recognised but
left unresolved (``Mention.place is None``), counts as an error of
:data:`MAX_ERROR_KM` (half the Earth's circumference), never as excluded: a
parser must not be able to improve its figures by declining hard cases.

Resolution metrics follow Gritta et al.: accuracy@161km, mean and median
error in km, and the AUC of the log-error curve (see :class:`ResolutionScores`
for exactly which AUC is computed).
"""

from __future__ import annotations

import math
import os
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal, Protocol, get_args, runtime_checkable

import shapely
from geopy.distance import great_circle

from geomap.errors import InputError
from geomap.models import Mention, Place

__all__ = [
    "ACCURACY_KM",
    "DEFAULT_REALIGN_WINDOW",
    "MAX_ERROR_KM",
    "Document",
    "GoldToponym",
    "Mode",
    "RecognitionScores",
    "Report",
    "ResolutionScores",
    "SupportsGeoparse",
    "evaluate",
    "evaluate_file",
    "read_corpus",
]

#: Error charged for a gold toponym that was missed or left unresolved: half
#: the Earth's circumference, the normaliser of Gritta et al.'s AUC.
MAX_ERROR_KM: Final = 20039.0

#: The "k" of accuracy@k: 161 km = 100 miles, the field's standard threshold.
ACCURACY_KM: Final = 161.0

#: How far (in characters, either side) :func:`read_corpus` looks for a gold
#: phrase whose offsets do not match the text. The corpus README speaks of
#: shifts of 1-4 characters in TR-News, but the file itself has shifts of up
#: to 10 (they accumulate towards the end of some articles), so 4 would leave
#: about 30 toponyms misaligned. 16 covers them all with a margin while staying
#: far too small to jump to an unrelated occurrence of the same name.
DEFAULT_REALIGN_WINDOW: Final = 16

Mode = Literal["gold", "end-to-end"]
_MODES: Final = get_args(Mode)

Alignment = Literal["exact", "realigned", "unaligned"]


# --------------------------------------------------------------------------
# Corpus model


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold toponym: ``text[start:end] == phrase`` (unless unaligned).

    Parameters
    ----------
    start, end
        0-based character offsets into the document text, after realignment.
    phrase
        The surface form as annotated.
    latitude, longitude
        Gold coordinates from ``<gaztag>``; ``None`` when the toponym has no
        gaztag. Such toponyms count for recognition only.
    geonameid, name, feature_class, feature_code, country, admin1
        The rest of the gaztag, kept for error analysis.
    alignment
        ``"exact"`` when the file's offsets matched the text, ``"realigned"``
        when they were moved to the nearest occurrence of the phrase, and
        ``"unaligned"`` when no occurrence was found nearby (the file's
        offsets are then kept as given).
    original_span
        The offsets as given in the file when they were realigned, else None.
    """

    start: int
    end: int
    phrase: str
    latitude: float | None = None
    longitude: float | None = None
    geonameid: str | None = None
    name: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    alignment: Alignment = "exact"
    original_span: tuple[int, int] | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class Document:
    """One corpus article: its text and gold toponyms (in file order)."""

    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...] = ()
    title: str = ""

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The gold spans, as handed to ``parser.resolve`` in gold mode."""
        return [t.span for t in self.toponyms]


# --------------------------------------------------------------------------
# Reading the XML


class _DoctypeRefused(Exception):
    """Raised from inside the XML parser when a DOCTYPE shows up."""


class _NoDoctypeTreeBuilder(ET.TreeBuilder):
    # expat reports the DOCTYPE to the target *before* it reads the internal
    # subset, so raising here stops entity declarations (billion laughs,
    # external entities) from ever being processed. This is the second line
    # of defence behind the byte scan in _parse_xml: it also catches a DOCTYPE
    # hidden from that scan by an encoding such as UTF-16.
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeRefused(name)


def _parse_xml(path: Path) -> ET.Element:
    """Read and parse ``path``, refusing DTDs; raise InputError on failure."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"Corpus file {path} does not exist; give the path to an LGL or TR-News XML file."
        ) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise InputError(f"Cannot read corpus file {path} ({reason}); check the path.") from None
    # The corpora never use a DTD, and a DTD is the only way to declare
    # entities, so refusing it up front is the defusedxml practice without the
    # dependency. A literal "<!DOCTYPE" inside an article's CDATA would be
    # refused too; news prose does not contain one. The scan sees UTF-8 and
    # other ASCII-compatible encodings; UTF-16 is left to the parser hook.
    if b"<!DOCTYPE" in data:
        raise InputError(
            f"Corpus file {path} contains a DOCTYPE declaration, which is refused for safety; "
            "remove it (LGL and TR-News do not use one)."
        )
    parser = ET.XMLParser(target=_NoDoctypeTreeBuilder())
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except _DoctypeRefused:
        raise InputError(
            f"Corpus file {path} contains a DOCTYPE declaration, which is refused for safety; "
            "remove it (LGL and TR-News do not use one)."
        ) from None
    except ET.ParseError as err:
        raise InputError(
            f"Corpus file {path} is not well-formed XML ({_one_line(str(err))})."
        ) from None
    return root


def _one_line(message: str) -> str:
    # Error messages are printed by the CLI as one line.
    return " ".join(message.split())


def _format_error(path: Path, where: str, problem: str) -> InputError:
    return InputError(
        f"Corpus file {path} is not in the LGL/TR-News format: {where}: {_one_line(problem)}."
    )


def _child_text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None:
        return None
    return child.text or ""


def _int_field(toponym: ET.Element, tag: str, path: Path, where: str) -> int:
    raw = _child_text(toponym, tag)
    if raw is None:
        raise _format_error(path, where, f"<toponym> has no <{tag}>")
    try:
        value = int(raw.strip())
    except ValueError:
        raise _format_error(path, where, f"<{tag}> is {raw.strip()!r}, not an integer") from None
    if value < 0:
        raise _format_error(path, where, f"<{tag}> is negative ({value})")
    return value


def _coordinate(gaztag: ET.Element, tag: str, path: Path, where: str) -> float | None:
    raw = _child_text(gaztag, tag)
    if raw is None or not raw.strip():
        return None
    try:
        value = float(raw.strip())
    except ValueError:
        raise _format_error(path, where, f"<{tag}> is {raw.strip()!r}, not a number") from None
    limit = 90.0 if tag == "lat" else 180.0
    if not -limit <= value <= limit:
        raise _format_error(path, where, f"<{tag}> {value} is out of range")
    return value


def _realign(text: str, phrase: str, start: int, window: int) -> int | None:
    """Start of the occurrence of ``phrase`` nearest to ``start``, or None.

    Only occurrences starting within ``window`` characters of ``start`` are
    considered; on a tie the earlier one wins (TR-News offsets are too large,
    never too small, so the true position is the one to the left).
    """
    lo = max(0, start - window)
    hi = min(len(text), start + window + len(phrase))
    best: int | None = None
    i = text.find(phrase, lo, hi)
    while i != -1:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1, hi)
    return best


def _read_toponym(
    element: ET.Element, text: str, path: Path, where: str, window: int
) -> GoldToponym:
    start = _int_field(element, "start", path, where)
    end = _int_field(element, "end", path, where)
    phrase = _child_text(element, "phrase")
    if not phrase:
        raise _format_error(path, where, "<toponym> has no <phrase>")
    if end < start:
        raise _format_error(path, where, f"<end> {end} is before <start> {start}")

    alignment: Alignment = "exact"
    original: tuple[int, int] | None = None
    if text[start:end] != phrase:
        found = _realign(text, phrase, start, window)
        if found is None:
            if end > len(text):
                raise _format_error(
                    path, where, f"<end> {end} is past the end of the text ({len(text)} characters)"
                )
            # Keep the file's offsets so the toponym still counts; the
            # report says how many are like this.
            alignment = "unaligned"
        else:
            alignment, original = "realigned", (start, end)
            start, end = found, found + len(phrase)

    fields: dict[str, Any] = {}
    gaztag = element.find("gaztag")
    if gaztag is not None:
        latitude = _coordinate(gaztag, "lat", path, where)
        longitude = _coordinate(gaztag, "lon", path, where)
        if (latitude is None) != (longitude is None):
            raise _format_error(path, where, "<gaztag> has only one of <lat> and <lon>")

        def text_of(tag: str) -> str | None:
            value = (_child_text(gaztag, tag) or "").strip()
            return value or None

        fields = {
            "latitude": latitude,
            "longitude": longitude,
            "geonameid": gaztag.get("geonameid"),
            "name": text_of("name"),
            "feature_class": text_of("fclass"),
            "feature_code": text_of("fcode"),
            "country": text_of("country"),
            "admin1": text_of("admin1"),
        }
    return GoldToponym(
        start=start,
        end=end,
        phrase=phrase,
        alignment=alignment,
        original_span=original,
        **fields,
    )


def read_corpus(
    path: str | os.PathLike[str], *, realign_window: int = DEFAULT_REALIGN_WINDOW
) -> list[Document]:
    """Read an LGL / TR-News style corpus.

    Gold offsets that do not match the text are realigned to the nearest
    exact occurrence of the phrase starting within ``realign_window``
    characters; when there is none the file's offsets are kept and the
    toponym is marked ``alignment="unaligned"``. The ``count`` attribute of
    ``<toponyms>`` is ignored: it is wrong or missing in most of TR-News.

    Parameters
    ----------
    path
        The XML file.
    realign_window
        Search radius in characters for realignment (0 disables it).

    Returns
    -------
    list of Document
        In file order.

    Raises
    ------
    InputError
        The file is missing or unreadable, is not well-formed XML, declares a
        DOCTYPE, or is not in this format (wrong root, missing ``<text>``,
        non-integer offsets, bad coordinates). The message names the file.
    """
    path = Path(path)
    root = _parse_xml(path)
    if root.tag != "articles":
        raise _format_error(path, "root element", f"found <{root.tag}>, expected <articles>")
    documents: list[Document] = []
    for number, article in enumerate(root.iter("article"), 1):
        docid = article.get("docid") or str(number)
        where = f"article {docid}"
        text = _child_text(article, "text")
        if text is None:
            raise _format_error(path, where, "<article> has no <text>")
        toponyms = tuple(
            _read_toponym(element, text, path, where, realign_window)
            for element in article.iterfind("toponyms/toponym")
        )
        title = (_child_text(article, "title") or "").strip()
        documents.append(Document(docid=docid, text=text, toponyms=toponyms, title=title))
    return documents


# --------------------------------------------------------------------------
# The parser under test


@runtime_checkable
class SupportsGeoparse(Protocol):
    """What :func:`evaluate` needs from a geoparser.

    ``parse`` finds and resolves toponyms itself (end-to-end mode).
    ``resolve`` is given the gold spans and should return a Mention for each
    of them with the same ``start``/``end`` (gold mode); a span with no
    Mention, or a Mention whose ``place`` is None, counts as unresolved.
    """

    def parse(self, text: str) -> list[Mention]: ...

    def resolve(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]: ...


# --------------------------------------------------------------------------
# Scores


def _ratio(numerator: int, denominator: int) -> float:
    # 0/0 is reported as 0.0 rather than NaN so the figures stay JSON-safe and
    # comparable; the raw counts are in the report for anyone who cares.
    return numerator / denominator if denominator else 0.0


@dataclass(frozen=True, slots=True)
class RecognitionScores:
    """Toponym recognition counts and the precision/recall/F1 they give."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        # 2PR/(P+R) written on the counts, which is exact and avoids 0/0.
        tp = self.true_positives
        return _ratio(2 * tp, 2 * tp + self.false_positives + self.false_negatives)

    def to_dict(self) -> dict[str, Any]:
        return {
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _normalised_log_error(error_km: float) -> float:
    # Capped at 1 so that the penalty for a missed toponym (exactly
    # MAX_ERROR_KM, for which log(1 + e) / log(e) is a hair above 1) maps to
    # exactly 1; real great-circle distances never exceed ~20015 km, so the
    # cap changes nothing else.
    return min(1.0, math.log1p(error_km) / math.log(MAX_ERROR_KM))


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Resolution figures over a set of gold toponyms with coordinates.

    Attributes
    ----------
    toponyms
        How many gold toponyms were scored (all those with coordinates).
    unresolved
        How many of them were missed or left unresolved and therefore charged
        :data:`MAX_ERROR_KM`.
    accuracy_161
        Share of toponyms with an error of at most 161 km.
    mean_error_km, median_error_km
        Over all scored toponyms, penalties included.
    accuracy_area
        A secondary, area-aware figure: the share of toponyms within 161 km
        *or* whose gold point lies inside the resolved place's polygon. Gold
        points of large regions are one conventional point among many
        ("Alberta" is a point 375 km from Alberta's centre); a resolution to
        the right province is right. Not comparable with published figures.
    auc
        Area under the curve of the *sorted* normalised log errors
        ``min(1, log(1 + err_km) / log(20039))``, by the trapezoid rule with
        the x axis spanning [0, 1] (spacing ``1 / (n - 1)``). This is Gritta et
        al.'s ``np.trapz(e) / (log(20039) * (n - 1))`` applied to sorted
        errors; it equals the plain mean of the normalised log errors except
        that the smallest and largest error get half weight. For n = 1 it is
        that one value. 0 is perfect, 1 is every toponym missed; lower is
        better.

    All four figures are None when there is nothing to score.
    """

    toponyms: int
    unresolved: int
    accuracy_161: float | None
    mean_error_km: float | None
    median_error_km: float | None
    auc: float | None
    accuracy_area: float | None = None

    @classmethod
    def from_errors(
        cls, errors_km: Sequence[float], unresolved: int, inside: Sequence[bool] = ()
    ) -> ResolutionScores:
        """Compute the figures from per-toponym errors (penalties included);
        ``inside`` says per toponym whether its gold point lies inside the
        resolved place's polygon."""
        n = len(errors_km)
        if n == 0:
            return cls(0, unresolved, None, None, None, None)
        if inside and len(inside) != n:
            raise ValueError("inside needs one flag per error")
        curve = sorted(_normalised_log_error(e) for e in errors_km)
        # Trapezoid rule with spacing 1 / (n - 1): the ends get half weight.
        auc = curve[0] if n == 1 else (sum(curve) - (curve[0] + curve[-1]) / 2) / (n - 1)
        return cls(
            toponyms=n,
            unresolved=unresolved,
            accuracy_161=sum(1 for e in errors_km if e <= ACCURACY_KM) / n,
            mean_error_km=statistics.fmean(errors_km),
            median_error_km=statistics.median(errors_km),
            auc=auc,
            accuracy_area=(
                sum(1 for e, i in zip(errors_km, inside, strict=True) if e <= ACCURACY_KM or i) / n
                if inside
                else None
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "toponyms": self.toponyms,
            "unresolved": self.unresolved,
            "accuracy_161": self.accuracy_161,
            "mean_error_km": self.mean_error_km,
            "median_error_km": self.median_error_km,
            "auc": self.auc,
            "accuracy_area": self.accuracy_area,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything :func:`evaluate` measured.

    ``recognition`` (exact spans) and ``recognition_overlap`` (one-to-one,
    any character overlap) are None in gold mode. ``resolution`` is over all
    gold toponyms with coordinates; in end-to-end mode a toponym counts as
    found only through an exact span match there, and through an overlap
    match in ``resolution_overlap``. ``parser_seconds`` is the wall time spent
    inside the parser's ``parse``/``resolve`` calls only (no XML reading, no
    scoring).
    """

    mode: Mode
    documents: int
    gold_toponyms: int
    gold_with_coordinates: int
    realigned: int
    unaligned: int
    parser_seconds: float
    resolution: ResolutionScores
    recognition: RecognitionScores | None = None
    recognition_overlap: RecognitionScores | None = None
    resolution_overlap: ResolutionScores | None = None
    corpus: str | None = None

    @property
    def docs_per_second(self) -> float | None:
        """Documents per second of parser time; None if no time was measured."""
        return self.documents / self.parser_seconds if self.parser_seconds > 0 else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary (fractions in 0..1, distances in km)."""

        def maybe(scores: RecognitionScores | ResolutionScores | None) -> Any:
            return scores.to_dict() if scores is not None else None

        return {
            "corpus": self.corpus,
            "mode": self.mode,
            "documents": self.documents,
            "gold_toponyms": self.gold_toponyms,
            "gold_with_coordinates": self.gold_with_coordinates,
            "realigned": self.realigned,
            "unaligned": self.unaligned,
            "parser_seconds": self.parser_seconds,
            "docs_per_second": self.docs_per_second,
            "recognition": maybe(self.recognition),
            "recognition_overlap": maybe(self.recognition_overlap),
            "resolution": maybe(self.resolution),
            "resolution_overlap": maybe(self.resolution_overlap),
        }

    def format(self) -> str:
        """A readable multi-line text table (percentages, km, seconds)."""
        speed = self.docs_per_second
        title = f"geomap evaluation ({self.mode})"
        if self.corpus:
            title += f": {self.corpus}"
        lines = [
            title,
            "",
            f"  documents              {self.documents:>8}",
            f"  gold toponyms          {self.gold_toponyms:>8}",
            f"    with coordinates     {self.gold_with_coordinates:>8}",
            f"    offsets realigned    {self.realigned:>8}",
            f"    could not realign    {self.unaligned:>8}",
            f"  parser time            {self.parser_seconds:>8.2f} s",
            f"  documents per second   {speed:>8.1f}"
            if speed is not None
            else "  documents per second        n/a",
        ]
        if self.recognition is not None:
            lines += [
                "",
                "  Recognition     precision   recall       F1      TP      FP      FN",
            ]
            for label, rec in (("exact", self.recognition), ("overlap", self.recognition_overlap)):
                if rec is None:
                    continue
                lines.append(
                    f"  {label:<14}{rec.precision:>10.1%}{rec.recall:>9.1%}{rec.f1:>9.1%}"
                    f"{rec.true_positives:>8}{rec.false_positives:>8}{rec.false_negatives:>8}"
                )
        lines += [
            "",
            f"  Resolution      acc@{ACCURACY_KM:.0f}km   mean km  median km      AUC  unresolved"
            "  in area*",
        ]
        resolutions = [("gold spans" if self.mode == "gold" else "exact", self.resolution)]
        if self.resolution_overlap is not None:
            resolutions.append(("overlap", self.resolution_overlap))
        for label, res in resolutions:
            if res.toponyms == 0:
                lines.append(f"  {label:<14}  (no gold toponyms with coordinates)")
                continue
            assert res.accuracy_161 is not None and res.mean_error_km is not None
            assert res.median_error_km is not None and res.auc is not None
            area = f"{res.accuracy_area:>9.1%}" if res.accuracy_area is not None else ""
            lines.append(
                f"  {label:<14}{res.accuracy_161:>10.1%}{res.mean_error_km:>10.0f}"
                f"{res.median_error_km:>11.0f}{res.auc:>9.3f}{res.unresolved:>7} / {res.toponyms}"
                f"{area}"
            )
        lines += [
            "",
            f"  Missed or unresolved gold toponyms count as {MAX_ERROR_KM:.0f} km errors.",
            f"  * within {ACCURACY_KM:.0f} km or inside the resolved place's polygon (secondary;",
            "    acc@161km is the standard, comparable figure).",
        ]
        return "\n".join(lines)


# --------------------------------------------------------------------------
# Matching and scoring


def _error_km(gold: GoldToponym, place: Place | None) -> float:
    if place is None or gold.latitude is None or gold.longitude is None:
        return MAX_ERROR_KM
    # Great-circle on geopy's mean radius: within 0.5 % of geodesic, which is
    # far below the 161 km threshold's resolution, and much faster.
    distance: float = great_circle(
        (gold.latitude, gold.longitude), (place.latitude, place.longitude)
    ).km
    return distance


def _inside(gold: GoldToponym, place: Place | None) -> bool:
    """Does the gold point lie inside the resolved place's polygon?"""
    if place is None or place.area is None or gold.latitude is None or gold.longitude is None:
        return False
    return bool(shapely.intersects_xy(place.area, gold.longitude, gold.latitude))


def _match_exact(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """One-to-one exact span matching: gold index -> predicted index."""
    unused: dict[tuple[int, int], list[int]] = {}
    for j, span in enumerate(predicted):
        unused.setdefault(span, []).append(j)
    pairs: dict[int, int] = {}
    for i, span in enumerate(gold):
        candidates = unused.get(span)
        if candidates:
            # The first prediction of a duplicated span wins; the duplicate
            # is a false positive.
            pairs[i] = candidates.pop(0)
    return pairs


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _match_overlap(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Maximum one-to-one matching of spans sharing at least one character.

    Kuhn's augmenting-path algorithm: a document has at most a few hundred
    toponyms, so O(V * E) is nothing, and unlike a greedy pass it cannot be
    fooled into matching one long prediction to the wrong of two gold spans.
    Candidates are tried largest overlap first so exact pairs stay together.
    """
    adjacency: list[list[int]] = []
    for g in gold:
        ranked = sorted((-_overlap(g, p), j) for j, p in enumerate(predicted) if _overlap(g, p) > 0)
        adjacency.append([j for _, j in ranked])
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def evaluate(
    documents: Iterable[Document],
    parser: SupportsGeoparse,
    *,
    mode: Mode,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Run ``parser`` over ``documents`` and score it.

    Parameters
    ----------
    documents
        Typically from :func:`read_corpus`.
    parser
        Anything with the :class:`SupportsGeoparse` methods (only ``resolve``
        is used in gold mode, only ``parse`` in end-to-end mode).
    mode
        ``"gold"``: ``parser.resolve(text, gold_spans)``, resolution only.
        ``"end-to-end"``: ``parser.parse(text)``, recognition and resolution.
    progress
        Called as ``progress(done, total)`` after each document.

    Returns
    -------
    Report

    Raises
    ------
    InputError
        ``mode`` is not one of the two above.

    Notes
    -----
    Resolution is always scored over every gold toponym with coordinates. In
    gold mode a gold span with no returned Mention, or one whose ``place`` is
    None, is charged :data:`MAX_ERROR_KM`; in end-to-end mode so is a gold
    toponym that was not recognised (exact span for ``resolution``, any
    overlap for ``resolution_overlap``). Recognition counts all gold
    toponyms, with or without coordinates.
    """
    if mode not in _MODES:
        raise InputError(f"Evaluation mode must be 'gold' or 'end-to-end', not {mode!r}.")
    docs = list(documents)  # the total is needed for progress
    seconds = 0.0
    errors: list[float] = []
    inside: list[bool] = []
    unresolved = 0
    errors_overlap: list[float] = []
    inside_overlap: list[bool] = []
    unresolved_overlap = 0
    exact = [0, 0, 0]  # tp, fp, fn
    loose = [0, 0, 0]

    for done, doc in enumerate(docs, 1):
        gold_spans = doc.spans
        if mode == "gold":
            started = time.perf_counter()
            mentions = list(parser.resolve(doc.text, gold_spans))
            seconds += time.perf_counter() - started
            by_span: dict[tuple[int, int], Mention] = {}
            for mention in mentions:
                by_span.setdefault((mention.start, mention.end), mention)
            for gold in doc.toponyms:
                if gold.has_coordinates:
                    found = by_span.get(gold.span)
                    place = found.place if found is not None else None
                    errors.append(_error_km(gold, place))
                    inside.append(_inside(gold, place))
                    unresolved += place is None
        else:
            started = time.perf_counter()
            mentions = list(parser.parse(doc.text))
            seconds += time.perf_counter() - started
            predicted = [(m.start, m.end) for m in mentions]
            for pairs, counts, errs, ins, kind in (
                (_match_exact(gold_spans, predicted), exact, errors, inside, "exact"),
                (
                    _match_overlap(gold_spans, predicted),
                    loose,
                    errors_overlap,
                    inside_overlap,
                    "overlap",
                ),
            ):
                counts[0] += len(pairs)
                counts[1] += len(predicted) - len(pairs)
                counts[2] += len(gold_spans) - len(pairs)
                missing = 0
                for i, gold in enumerate(doc.toponyms):
                    if gold.has_coordinates:
                        place = mentions[pairs[i]].place if i in pairs else None
                        errs.append(_error_km(gold, place))
                        ins.append(_inside(gold, place))
                        missing += place is None
                if kind == "exact":
                    unresolved += missing
                else:
                    unresolved_overlap += missing
        if progress is not None:
            progress(done, len(docs))

    all_gold = [t for doc in docs for t in doc.toponyms]
    end_to_end = mode == "end-to-end"
    return Report(
        mode=mode,
        documents=len(docs),
        gold_toponyms=len(all_gold),
        gold_with_coordinates=sum(t.has_coordinates for t in all_gold),
        realigned=sum(t.alignment == "realigned" for t in all_gold),
        unaligned=sum(t.alignment == "unaligned" for t in all_gold),
        parser_seconds=seconds,
        resolution=ResolutionScores.from_errors(errors, unresolved, inside),
        recognition=RecognitionScores(*exact) if end_to_end else None,
        recognition_overlap=RecognitionScores(*loose) if end_to_end else None,
        resolution_overlap=(
            ResolutionScores.from_errors(errors_overlap, unresolved_overlap, inside_overlap)
            if end_to_end
            else None
        ),
    )


def evaluate_file(
    path: str | os.PathLike[str],
    parser: SupportsGeoparse,
    mode: Mode,
    limit: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Read a corpus file and :func:`evaluate` ``parser`` on it.

    Parameters
    ----------
    path
        An LGL / TR-News XML file.
    parser, mode, progress
        As for :func:`evaluate`.
    limit
        Score only the first ``limit`` documents (in file order); None for all.

    Raises
    ------
    InputError
        The file cannot be read or is not a corpus, ``limit`` is negative, or
        ``mode`` is invalid.
    """
    if limit is not None and limit < 0:
        raise InputError(f"The document limit must be zero or more, not {limit}.")
    if mode not in _MODES:
        # Checked before reading a multi-megabyte file for nothing.
        raise InputError(f"Evaluation mode must be 'gold' or 'end-to-end', not {mode!r}.")
    documents = read_corpus(path)
    if limit is not None:
        documents = documents[:limit]
    report = evaluate(documents, parser, mode=mode, progress=progress)
    return replace(report, corpus=str(path))
