import itertools
import math

import pytest

from summariser.evaluation.judge_metrics import (
    balanced_accuracy,
    roc_auc,
    roc_curve,
    score_judge,
    unsupported_precision_recall,
)


def test_balanced_accuracy_is_chance_for_a_constant_judge_whatever_the_mix():
    labels = [0] * 90 + [1] * 10
    assert balanced_accuracy(labels, [0] * 100) == 0.5
    assert balanced_accuracy(labels, [1] * 100) == 0.5
    assert balanced_accuracy(labels, labels) == 1.0


def test_balanced_accuracy_averages_class_recalls():
    labels = [0, 0, 0, 0, 1, 1]
    preds = [0, 0, 0, 1, 1, 0]  # recall on 0: 3/4, on 1: 1/2
    assert balanced_accuracy(labels, preds) == pytest.approx(0.625)


def test_unsupported_is_the_positive_class():
    precision, recall = unsupported_precision_recall([0, 0, 1, 1], [0, 1, 0, 1])
    assert (precision, recall) == (0.5, 0.5)
    precision, recall = unsupported_precision_recall([1, 1], [1, 1])
    assert math.isnan(precision) and math.isnan(recall)


def test_roc_auc_known_values_and_ties():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5  # a tie counts half
    assert roc_auc([0, 0, 1], [0.1, 0.4, 0.35]) == pytest.approx(0.5)
    assert math.isnan(roc_auc([1, 1], [0.2, 0.3]))


def test_roc_curve_runs_from_origin_to_one_one():
    points = roc_curve([0, 1, 0, 1], [0.2, 0.9, 0.6, 0.4])
    assert points[0] == (0.0, 0.0) and points[-1] == (1.0, 1.0)
    assert all(b[0] >= a[0] and b[1] >= a[1] for a, b in itertools.pairwise(points))


def test_score_judge_groups_by_dataset_and_pools_summedits():
    rows = [
        {"dataset": "summedits/news", "label": 1, "pred": 1, "score": 0.9},
        {"dataset": "summedits/news", "label": 0, "pred": 1, "score": 0.7},
        {"dataset": "summedits/samsum", "label": 0, "pred": 0, "score": 0.1},
        {"dataset": "wice", "label": 1, "pred": 0, "score": 0.4},
    ]
    scores = score_judge(rows)
    assert list(scores)[-1] == "all"
    assert scores["summedits/news"]["balanced_accuracy"] == 0.5
    assert scores["summedits (all domains)"]["n"] == 3
    assert scores["all"]["n"] == 4
    assert scores["summedits (all domains)"]["roc_auc"] == 1.0
