"""Keeping third-party bars and log lines out of classify's own output.

Our commands draw one progress bar per stage and one summary table; the
libraries underneath (datasets, transformers, setfit) draw bars and log
lines of their own ("Saving the dataset (1/1 shards)", weight-loading
reports) that would interleave with them. These context managers turn those
off for the duration of a call and restore the caller's settings after, so
a notebook that wants them keeps them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' weight-loading bars and reports (errors still
    show) for the duration of the block."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


@contextlib.contextmanager
def quiet_datasets() -> Iterator[None]:
    """Silence datasets' bars ("Saving the dataset", "Map") and info lines
    for the duration of the block."""
    import datasets

    verbosity = datasets.logging.get_verbosity()
    bars = datasets.is_progress_bar_enabled()
    datasets.logging.set_verbosity_error()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        datasets.logging.set_verbosity(verbosity)
        if bars:
            datasets.enable_progress_bars()
