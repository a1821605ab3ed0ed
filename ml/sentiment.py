"""Per-segment sentiment learnt from the organisation's own scored comments.

No sentiment model is downloaded: Voxloop already has labels for free, because most
comments come with a score (CSAT 1–2 negative, 3 neutral, 4–5 positive). A linear model
on the sentence embeddings the theme engine computes anyway, plus character n-grams of
the text (which carry German negation and inflection that the English default encoder
misses), is trained per organisation and then scores every segment, including those of
complaints and imports that have no score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

__all__ = ["LABELS", "SentimentModel", "labels_from_scores"]

LABELS = ("negative", "neutral", "positive")

# Score → label cut-offs per scale: (highest negative score, highest neutral score).
_SCALES = {
    "csat": (1, 5, 2, 3),  # 1–2 negative, 3 neutral, 4–5 positive
    "nps": (0, 10, 6, 8),  # detractors, passives, promoters
    "ces": (1, 7, 3, 4),  # 7 = "very easy": 1–3 negative, 4 neutral, 5–7 positive
}


def labels_from_scores(scores: Sequence[float | None], scale: str = "csat") -> list[str | None]:
    """Turn survey scores into sentiment labels for training.

    Args:
        scores: Scores on the given scale; ``None``/NaN give ``None`` (no label).
        scale: ``"csat"`` (1–5), ``"nps"`` (0–10) or ``"ces"`` (1–7, 7 = very easy).

    Returns:
        ``"negative"``, ``"neutral"``, ``"positive"`` or ``None`` per score.

    Raises:
        ValueError: unknown scale or a score outside it.
    """
    if scale not in _SCALES:
        raise ValueError(f"unknown scale {scale!r}; use one of {sorted(_SCALES)}")
    low, high, max_negative, max_neutral = _SCALES[scale]
    labels: list[str | None] = []
    for score in scores:
        if score is None or (isinstance(score, float) and math.isnan(score)):
            labels.append(None)
            continue
        if not low <= score <= high:
            raise ValueError(f"score {score} outside the {scale} scale {low}–{high}")
        labels.append(
            "negative"
            if score <= max_negative
            else "neutral"
            if score <= max_neutral
            else "positive"
        )
    return labels


class SentimentModel(BaseEstimator):
    """Three-class sentiment classifier on sentence embeddings and character n-grams.

    Follows scikit-learn conventions, except that ``fit``/``predict`` take the texts and,
    optionally, their precomputed embeddings (rows aligned with the texts): the model
    never loads an encoder itself.

    Args:
        C: Inverse regularisation strength of the logistic regression.
        use_text: Add character n-gram TF-IDF features of the texts.
        use_embeddings: Use the embeddings when they are passed.
        embedding_weight: Scale of the (unit-length) embeddings relative to the
            (unit-length) TF-IDF rows.
        ngram_range: Character n-gram lengths (within word boundaries).
        max_features: Vocabulary cap for the TF-IDF features.
        class_weight: ``"balanced"`` so a minority class (often "neutral") is not ignored.
        calibrate: Fit Platt-scaled probabilities by internal cross-validation when every
            class has at least ``calibration_folds`` examples; otherwise the plain
            logistic probabilities are used.
        calibration_folds: Folds for calibration.
        random_state: Seed for the solver and the calibration folds.

    Attributes:
        classes_: Sorted class labels seen in ``fit``.
        vectorizer_: The fitted TF-IDF vectorizer, or None.
        classifier_: The fitted (possibly calibrated) classifier.
        calibrated_: Whether probabilities are calibrated.
    """

    def __init__(
        self,
        *,
        C: float = 4.0,
        use_text: bool = True,
        use_embeddings: bool = True,
        embedding_weight: float = 1.0,
        ngram_range: tuple[int, int] = (2, 5),
        max_features: int = 50_000,
        class_weight: str | None = "balanced",
        calibrate: bool = False,
        calibration_folds: int = 3,
        random_state: int | None = 0,
    ) -> None:
        self.C = C
        self.use_text = use_text
        self.use_embeddings = use_embeddings
        self.embedding_weight = embedding_weight
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _features(self, texts: Sequence[str], embeddings: np.ndarray | None, *, fit: bool):
        blocks = []
        if self.use_embeddings and embeddings is not None:
            emb = np.asarray(embeddings, dtype=np.float64)
            if emb.ndim != 2 or emb.shape[0] != len(texts):
                raise ValueError("embeddings must be a 2-D array with one row per text")
            if not fit and emb.shape[1] != self.n_embedding_features_:
                raise ValueError(
                    f"embeddings have {emb.shape[1]} columns, the model was fitted on "
                    f"{self.n_embedding_features_}"
                )
            blocks.append(sparse.csr_matrix(emb * self.embedding_weight))
        elif not fit and self.n_embedding_features_:
            raise ValueError("the model was fitted with embeddings; pass them to predict too")
        if self.use_text:
            if fit:
                self.vectorizer_ = TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=self.ngram_range,
                    max_features=self.max_features,
                    sublinear_tf=True,
                )
                blocks.append(self.vectorizer_.fit_transform(texts))
            else:
                blocks.append(self.vectorizer_.transform(texts))
        if not blocks:
            raise ValueError("no features: pass embeddings or enable use_text")
        return sparse.hstack(blocks, format="csr")

    def fit(
        self, texts: Sequence[str], y: Sequence[str], embeddings: np.ndarray | None = None
    ) -> SentimentModel:
        """Fit the model.

        Args:
            texts: Training texts (segments or comments).
            y: Label per text, e.g. from :func:`labels_from_scores`.
            embeddings: Optional ``(n, dim)`` sentence embeddings of ``texts``.

        Returns:
            self
        """
        texts = [str(t) for t in texts]
        y = np.asarray(y)
        if len(texts) != y.shape[0]:
            raise ValueError("texts and y must have the same length")
        if len(set(y.tolist())) < 2:
            raise ValueError("need at least two different labels to learn sentiment")
        self.vectorizer_ = None
        self.n_embedding_features_ = (
            np.asarray(embeddings).shape[1] if self.use_embeddings and embeddings is not None else 0
        )
        X = self._features(texts, embeddings, fit=True)
        base = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=2000, random_state=self.random_state
        )
        smallest = min(Counter(y.tolist()).values())
        self.calibrated_ = bool(self.calibrate and smallest >= self.calibration_folds)
        if self.calibrated_:
            folds = StratifiedKFold(
                self.calibration_folds, shuffle=True, random_state=self.random_state
            )
            self.classifier_ = CalibratedClassifierCV(base, method="sigmoid", cv=folds)
        else:
            self.classifier_ = base
        self.classifier_.fit(X, y)
        self.classes_ = self.classifier_.classes_
        return self

    def predict_proba(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """Class probabilities, columns ordered as ``classes_``."""
        if not hasattr(self, "classifier_"):
            raise RuntimeError("SentimentModel is not fitted yet; call fit first")
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, len(self.classes_)))
        return self.classifier_.predict_proba(self._features(texts, embeddings, fit=False))

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Most probable label per text."""
        proba = self.predict_proba(texts, embeddings)
        return self.classes_[proba.argmax(axis=1)] if len(proba) else np.array([], dtype=object)
