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
    the corpus README refer to (Mordecai3's accuracy@161km on LGL, for one).
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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, Protocol, get_args, runtime_checkable

import shapely
from geopy.distance import great_circle

from geomap.errors import InputError
from geomap.geoparsing.corpora import Document, GoldToponym, Split, read_corpus, split_documents
from geomap.models import Mention, Place

__all__ = [
    "ACCURACY_KM",
    "MAX_ERROR_KM",
    "Mode",
    "RecognitionScores",
    "Report",
    "ResolutionScores",
    "SupportsGeoparse",
    "evaluate",
    "evaluate_file",
]

#: Error charged for a gold toponym that was missed or left unresolved: half
#: the Earth's circumference, the normaliser of Gritta et al.'s AUC.
MAX_ERROR_KM: Final = 20039.0

#: The "k" of accuracy@k: 161 km = 100 miles, the field's standard threshold.
ACCURACY_KM: Final = 161.0


Mode = Literal["gold", "end-to-end"]
_MODES: Final = get_args(Mode)

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
    split: Split = "all",
) -> Report:
    """Read a corpus file and :func:`evaluate` ``parser`` on it.

    Parameters
    ----------
    path
        An LGL / TR-News XML file.
    parser, mode, progress
        As for :func:`evaluate`.
    limit
        Score only the first ``limit`` documents (in file order, after the
        split); None for all.
    split
        "all", or only the "dev" or "test" documents
        (:func:`~geomap.geoparsing.corpora.split_documents`).

    Raises
    ------
    InputError
        The file cannot be read or is not a corpus, ``limit`` is negative, or
        ``mode`` or ``split`` is invalid.
    """
    if limit is not None and limit < 0:
        raise InputError(f"The document limit must be zero or more, not {limit}.")
    if mode not in _MODES:
        # Checked before reading a multi-megabyte file for nothing.
        raise InputError(f"Evaluation mode must be 'gold' or 'end-to-end', not {mode!r}.")
    documents = split_documents(read_corpus(path), split)
    if limit is not None:
        documents = documents[:limit]
    report = evaluate(documents, parser, mode=mode, progress=progress)
    return replace(report, corpus=str(path))
