import numpy as np
import pytest

from summariser.cards import classifier, word_features
from summariser.errors import JobsumError


def test_english_goes_to_the_word_model_and_norwegian_to_e5_as_the_fit_decided():
    words = classifier.section_classifier("en")
    assert isinstance(words, classifier.WordSectionClassifier) and "en" in words.languages
    if "no" not in words.languages:  # the fit found e5 better for Norwegian (too few Norwegian postings)
        assert isinstance(classifier.section_classifier("no"), classifier.E5SectionClassifier)


def test_the_word_model_labels_plain_sentences_without_embedding_them():
    model = classifier.section_classifier("en")
    calls = model.predict(
        [
            "Applicants must hold a PhD in computer science.",
            "The successful candidate will teach undergraduate courses and supervise students.",
            "We offer a pension scheme and flexible working hours.",
            "Please submit a CV, cover letter and transcripts.",
        ]
    )
    assert [label for label, _ in calls] == ["qualification", "responsibility", "benefit", "application_document"]
    assert all(0 < p <= 1 for _, p in calls)
    assert model.probabilities([]).shape == (0, len(model.labels))


def test_features_are_stable_stems_and_pairs():
    assert np.array_equal(word_features.buckets("Applications", "en"), word_features.buckets("application", "en"))
    assert len(word_features.buckets("strong programming skills", "en")) == 5  # 3 stems and 2 pairs
    assert np.array_equal(word_features.buckets("", "no"), np.zeros(0, np.int64))


def test_parameters_from_another_feature_version_are_refused(tmp_path):
    with np.load(classifier.WORD_PARAMS) as p:
        stale = {k: p[k] for k in p.files}
    stale["version"] = np.array(word_features.VERSION + 1)
    path = tmp_path / "section_words.npz"
    np.savez(path, **stale)
    with pytest.raises(JobsumError, match="refit"):
        classifier.WordSectionClassifier(path)


def test_confidence_uses_each_models_own_cuts():
    model = classifier.section_classifier("en")
    label = "qualification"
    cut = model.thresholds[label]
    assert model.confident(label, min(cut + 0.01, 1.0)) and not model.confident(label, cut - 0.01)
    assert not model.confident("other", 1.0)
    assert not model.confident(label, max(cut, model.fallback[label]) - 0.01, posting_has_headings=False)
