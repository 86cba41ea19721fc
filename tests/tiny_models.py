"""Tiny transformer models built offline, for tests.

A 2-layer, hidden-64 BERT from a config, with a WordPiece tokenizer trained on
the given sentences: small enough to train in well under a second, real
enough to go through tokenizers, ``from_pretrained`` and ``Trainer``.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from pathlib import Path

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

DEFAULT_SENTENCES = [
    "The United States will reopen its embassy in Minsk and normalise ties.",
    "The European Union extends sanctions on Belarus over the crackdown.",
    "Police arrest opposition activists and journalists after the protest.",
    "The two governments restore diplomatic relations after talks.",
    "Washington lifts sanctions on the national airline as a goodwill gesture.",
    "Human rights groups condemn the arbitrary detention of political prisoners.",
    "The football club won the cup final on Sunday.",
    "Critics accuse the president of rigging the election and repressing dissent.",
    "The ambassador was recalled and the embassy closed.",
    "Trade between the countries grew after the visit of the envoy.",
]


def build_tokenizer(directory: Path, sentences: Sequence[str] = DEFAULT_SENTENCES):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words = {
        word
        for sentence in sentences
        for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(sentence))
    }
    # Every letter, digit and common mark, so unseen words split into pieces
    # rather than becoming [UNK] whole.
    chars = sorted(
        {c for word in words for c in word}
        | set(string.ascii_lowercase + string.digits + ".,;:!?'\"()-")
    )
    # A vocabulary built in sorted order, not by WordPieceTrainer: the trainer
    # orders tied pieces differently from one process to the next, so each
    # test session got a different tiny model (and one in a few failed to fit).
    vocab = list(dict.fromkeys(SPECIALS + sorted(words) + chars + [f"##{c}" for c in chars]))
    tok = Tokenizer(
        models.WordPiece({piece: i for i, piece in enumerate(vocab)}, unk_token="[UNK]")
    )
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoders.WordPiece()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=64,
    )
    fast.save_pretrained(directory)
    return fast


def build_tiny_bert(
    directory: Path,
    *,
    sentences: Sequence[str] = DEFAULT_SENTENCES,
    id2label: dict[int, str] | None = None,
    max_position_embeddings: int = 64,
    seed: int = 0,
) -> Path:
    """Save a tiny BERT (sequence-classification head) and its tokenizer.

    ``id2label`` shapes the head; an NLI-style model for the zero-shot
    pipeline passes ``{0: "entailment", 1: "neutral", 2: "contradiction"}``.
    The same folder also loads with ``AutoModel`` as a plain encoder.
    """
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer(directory, sentences)
    id2label = id2label or {0: "LABEL_0", 1: "LABEL_1"}
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=128,
        max_position_embeddings=max_position_embeddings,
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    model = BertForSequenceClassification(config)
    model.save_pretrained(directory)
    return directory
