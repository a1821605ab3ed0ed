"""Tests for ml.sentiment: score-derived labels and a model learnt from a few comments."""

import numpy as np
import pytest

from ml.sentiment import SentimentModel, labels_from_scores

TRAIN = [
    ("The delivery was fast and the courier was friendly.", "positive"),
    ("Great service, thank you so much!", "positive"),
    ("Very helpful staff, they solved my problem right away.", "positive"),
    ("I love the new app, ordering is really easy now.", "positive"),
    ("Excellent advice in the store, I am very happy.", "positive"),
    ("Everything arrived on time and well packed, perfect.", "positive"),
    ("The agent was patient and kind, great experience.", "positive"),
    ("Super schnelle Lieferung, vielen Dank!", "positive"),
    ("Sehr freundliche Beratung, ich bin total zufrieden.", "positive"),
    ("Alles hat perfekt geklappt, gerne wieder.", "positive"),
    ("Toller Service, die Mitarbeiterin war sehr hilfsbereit.", "positive"),
    ("Die App ist super einfach und schnell, top!", "positive"),
    ("Ich bin begeistert, die Qualität ist hervorragend.", "positive"),
    ("Prima Kundenservice, mein Problem wurde sofort gelöst.", "positive"),
    ("The parcel arrived broken and nobody answered my emails.", "negative"),
    ("Terrible service, the agent was rude to me.", "negative"),
    ("I waited two hours on the phone, this is awful.", "negative"),
    ("The app keeps crashing, very annoying and useless.", "negative"),
    ("My refund still has not arrived, I am very disappointed.", "negative"),
    ("Worst shop ever, never again.", "negative"),
    ("The product stopped working after one day, bad quality.", "negative"),
    ("Die Lieferung kam viel zu spät und war beschädigt.", "negative"),
    ("Der Mitarbeiter am Telefon war unhöflich und genervt.", "negative"),
    ("Katastrophaler Service, niemand hat zurückgerufen.", "negative"),
    ("Die App stürzt ständig ab, total nervig.", "negative"),
    ("Ich bin sehr enttäuscht, das Geld ist immer noch nicht da.", "negative"),
    ("Schlechte Qualität, nach einem Tag kaputt.", "negative"),
    ("Nie wieder, furchtbare Erfahrung mit diesem Shop.", "negative"),
    ("The order arrived on Tuesday.", "neutral"),
    ("I ordered a laptop and a mouse.", "neutral"),
    ("The parcel was delivered to my neighbour.", "neutral"),
    ("I called the hotline about my invoice.", "neutral"),
    ("Payment was made by bank transfer.", "neutral"),
    ("I picked the order up at the store.", "neutral"),
    ("Die Bestellung kam am Dienstag.", "neutral"),
    ("Ich habe einen Drucker und Papier bestellt.", "neutral"),
    ("Das Paket wurde beim Nachbarn abgegeben.", "neutral"),
    ("Ich habe wegen der Rechnung angerufen.", "neutral"),
    ("Die Zahlung erfolgte per Überweisung.", "neutral"),
    ("Ich habe die Ware in der Filiale abgeholt.", "neutral"),
]
HELD_OUT = [
    ("Fantastic support, thank you, very happy!", "positive"),
    ("Vielen Dank, super freundlich und schnell!", "positive"),
    ("The staff were wonderful and the delivery was quick.", "positive"),
    ("Hervorragende Beratung, sehr zufrieden!", "positive"),
    ("Awful experience, the courier was rude and the box was broken.", "negative"),
    ("Total enttäuscht, die Ware war kaputt und niemand hilft.", "negative"),
    ("Horrible, my order never came and support ignored me.", "negative"),
    ("Ganz schlechter Service, ich bin wütend.", "negative"),
    ("I received the invoice by post.", "neutral"),
    ("Die Rechnung kam per Post.", "neutral"),
]


class TestLabelsFromScores:
    def test_csat(self):
        assert labels_from_scores([1, 2, 3, 4, 5, None]) == [
            "negative",
            "negative",
            "neutral",
            "positive",
            "positive",
            None,
        ]

    def test_nps_and_ces(self):
        assert labels_from_scores([0, 6, 7, 8, 9, 10], "nps") == [
            "negative",
            "negative",
            "neutral",
            "neutral",
            "positive",
            "positive",
        ]
        assert labels_from_scores([3, 4, 5, float("nan")], "ces") == [
            "negative",
            "neutral",
            "positive",
            None,
        ]

    def test_errors(self):
        with pytest.raises(ValueError, match="outside"):
            labels_from_scores([6])
        with pytest.raises(ValueError, match="unknown scale"):
            labels_from_scores([3], "stars")


@pytest.fixture(scope="module")
def train_data(embedder):
    texts = [t for t, _ in TRAIN]
    labels = [label for _, label in TRAIN]
    return texts, labels, embedder.encode(texts)


@pytest.mark.slow
class TestSentimentModel:
    def test_predicts_obvious_held_out_comments(self, train_data, embedder):
        texts, labels, emb = train_data
        model = SentimentModel(random_state=0)
        assert model.fit(texts, labels, emb) is model
        held = [t for t, _ in HELD_OUT]
        predicted = model.predict(held, embedder.encode(held))
        correct = sum(p == label for p, (_, label) in zip(predicted, HELD_OUT, strict=True))
        # 40 training comments are a tiny set; one slip in ten is tolerated.
        assert correct >= 9

    def test_probabilities(self, train_data, embedder):
        texts, labels, emb = train_data
        model = SentimentModel(random_state=0).fit(texts, labels, emb)
        assert list(model.classes_) == ["negative", "neutral", "positive"]
        held = [t for t, _ in HELD_OUT]
        proba = model.predict_proba(held, embedder.encode(held))
        assert proba.shape == (len(HELD_OUT), 3)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        assert model.predict_proba([], np.zeros((0, emb.shape[1]))).shape == (0, 3)

    def test_deterministic(self, train_data):
        texts, labels, emb = train_data
        a = SentimentModel(random_state=3, calibrate=True).fit(texts, labels, emb)
        b = SentimentModel(random_state=3, calibrate=True).fit(texts, labels, emb)
        assert a.calibrated_
        np.testing.assert_array_equal(a.predict_proba(texts, emb), b.predict_proba(texts, emb))

    def test_embeddings_required_when_fitted_with_them(self, train_data):
        texts, labels, emb = train_data
        model = SentimentModel().fit(texts, labels, emb)
        with pytest.raises(ValueError, match="fitted with embeddings"):
            model.predict(texts)
        with pytest.raises(ValueError, match="columns"):
            model.predict(texts, emb[:, :10])


class TestTextOnlyModel:
    def test_char_ngrams_without_embeddings(self):
        texts = [t for t, _ in TRAIN]
        labels = [label for _, label in TRAIN]
        model = SentimentModel(random_state=0).fit(texts, labels)
        assert model.n_embedding_features_ == 0
        assert not model.calibrated_
        assert model.predict(["Super freundlich, vielen Dank!"])[0] == "positive"

    def test_init_only_stores_parameters(self):
        model = SentimentModel(C=2.0, random_state=7)
        assert model.get_params()["C"] == 2.0
        assert not hasattr(model, "classes_")
        with pytest.raises(RuntimeError, match="not fitted"):
            model.predict(["x"])

    def test_needs_two_labels_and_features(self):
        with pytest.raises(ValueError, match="two different labels"):
            SentimentModel().fit(["a", "b"], ["positive", "positive"])
        with pytest.raises(ValueError, match="no features"):
            SentimentModel(use_text=False).fit(["a", "b"], ["positive", "negative"])
