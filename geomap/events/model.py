"""An event-type classifier trained on a user's own coded events (optional).

geomap codes incidents with its own rules by default. Analysts who hold
coded data of their own (their codebook, or a licensed ACLED export) can
train a small classifier on it and let it decide the event type and
sub-type of the incidents the rules find; place, date, toll and actors stay
the rules'. No model ships with geomap: ACLED's data is for non-commercial
use, so a model trained on it is the user's to make and keep.

The model is a linear support-vector machine over character n-grams of the
note (scikit-learn's ``HashingVectorizer`` with word-bounded 2-5-grams,
TF-IDF weighted), the approach Piskorski et al. (COLING 2020) found close to
a transformer on ACLED's notes. It is saved as plain arrays (``.npz``): no
pickle, so loading a model file never runs code from it. Training and
prediction need the ``train`` extra (``pip install 'geomap[train]'``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GeomapError, InputError
from .evaluate import EventRecord

__all__ = ["EventModel", "cross_validate", "train"]

FORMAT = "geomap-event-model/1"
# Hashed feature space: 2**17 columns keeps a model of ~25 classes under
# 10 MB (float16 weights) with few harmful collisions for character n-grams.
N_FEATURES = 2**17
NGRAMS = (2, 5)


def _sklearn() -> Any:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise GeomapError(
            "training or using an event model needs scikit-learn: pip install 'geomap[train]'"
        ) from exc
    from sklearn import feature_extraction, svm

    return feature_extraction, svm


def _hashing() -> Any:
    feature_extraction, _ = _sklearn()
    return feature_extraction.text.HashingVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=True,
    )


def _label(record: EventRecord) -> str | None:
    """ "Type/Sub-type" of a record of the current taxonomy, else None."""
    if len(record.types) != 1 or record.sub_event_type is None:
        return None
    return f"{next(iter(record.types))}\t{record.sub_event_type}"


@dataclass(frozen=True)
class EventModel:
    """A trained classifier: idf weights, one weight row per class."""

    classes: tuple[str, ...]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray

    def _features(self, texts: Sequence[str]) -> Any:
        counts = _hashing().transform(list(texts))
        tf = counts.copy()
        tf.data = 1.0 + np.log(tf.data)  # sublinear tf
        x = tf.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return x.multiply(1.0 / norms[:, None]).tocsr()

    def predict(self, texts: Sequence[str]) -> list[tuple[str, str]]:
        """(event type, sub-event type) for each text."""
        if not texts:
            return []
        scores = self._features(texts) @ self.coef.astype(np.float32).T + self.intercept
        best = np.asarray(scores).argmax(axis=1)
        out = []
        for i in best:
            event_type, sub_type = self.classes[int(i)].split("\t")
            out.append((event_type, sub_type))
        return out

    def save(self, path: str | Path) -> Path:
        """Write the model as a ``.npz`` file (atomically)."""
        import io

        from ..scale.files import atomic_write

        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            format=np.array(FORMAT),
            classes=np.array(json.dumps(list(self.classes))),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
        )
        return atomic_write(path, buf.getvalue())

    @classmethod
    def load(cls, path: str | Path) -> EventModel:
        """Read a model written by :meth:`save`; never unpickles anything."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["format"]) != FORMAT:
                    raise InputError(f"{path} is not a geomap event model")
                classes = tuple(json.loads(str(data["classes"])))
                return cls(classes, data["idf"], data["coef"], data["intercept"])
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"cannot read the event model {path}: {exc}") from exc


def _fit(texts: Sequence[str], labels: Sequence[str]) -> EventModel:
    _, svm = _sklearn()
    counts = _hashing().transform(list(texts))
    df = np.bincount(counts.indices, minlength=N_FEATURES)
    idf = (np.log((1 + len(texts)) / (1 + df)) + 1.0).astype(np.float32)
    model = EventModel((), idf, np.zeros((0, N_FEATURES)), np.zeros(0))
    x = model._features(texts)
    clf = svm.LinearSVC(C=0.5)
    clf.fit(x, list(labels))
    classes = tuple(str(c) for c in clf.classes_)
    coef = clf.coef_ if len(classes) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]])
    intercept = (
        clf.intercept_ if len(classes) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
    )
    return EventModel(classes, idf, coef, intercept)


def _labelled(records: Iterable[EventRecord]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for r in records:
        label = _label(r)
        if label is not None:
            texts.append(r.notes)
            labels.append(label)
    if len(set(labels)) < 2:
        raise InputError(
            "training needs coded events of at least two sub-event types (current taxonomy)"
        )
    return texts, labels


def train(records: Iterable[EventRecord]) -> EventModel:
    """Fit a model on coded events (rows with a current sub-event type)."""
    return _fit(*_labelled(records))


def cross_validate(records: Iterable[EventRecord], folds: int = 5) -> dict[str, float]:
    """Cross-validated accuracy of type and sub-type (folds by note, so the
    rows cut from one report stay together)."""
    import hashlib

    texts, labels = _labelled(records)
    fold_of = [hashlib.sha1(t.encode("utf-8")).digest()[1] % folds for t in texts]
    right_type = right_sub = 0
    for k in range(folds):
        train_idx = [i for i, f in enumerate(fold_of) if f != k]
        test_idx = [i for i, f in enumerate(fold_of) if f == k]
        if not test_idx or len({labels[i] for i in train_idx}) < 2:
            continue
        model = _fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        for i, (t, s) in zip(test_idx, model.predict([texts[i] for i in test_idx]), strict=True):
            gold_t, gold_s = labels[i].split("\t")
            right_type += t == gold_t
            right_sub += (t, s) == (gold_t, gold_s)
    n = len(texts)
    return {"records": n, "type": 100 * right_type / n, "sub_type": 100 * right_sub / n}
