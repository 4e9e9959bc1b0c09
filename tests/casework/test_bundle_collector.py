"""Full garbage collections wait while a bundle is bound, and the caller's settings come back."""

import gc
import threading

import pytest

from casework.bundle import collector
from casework.bundle.build import bundle
from casework.errors import UserError


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_full_collections_wait_inside_and_the_callers_thresholds_come_back(thresholds):
    with collector.young_only():
        assert gc.get_threshold() == (700, 10, collector.NEVER)
        with collector.young_only():  # a bundle bound at the same time, in another thread
            pass
        assert gc.get_threshold() == (700, 10, collector.NEVER)
    assert gc.get_threshold() == (700, 10, 10)


def test_bundles_bound_at_once_put_the_thresholds_back_once_the_last_is_done(thresholds):
    inside, release = threading.Event(), threading.Event()

    def other():
        with collector.young_only():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=other)
    worker.start()
    assert inside.wait(5)
    with collector.young_only():
        pass
    assert gc.get_threshold()[2] == collector.NEVER  # the other bundle is still being bound
    release.set()
    worker.join(5)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_refused_bundle_puts_the_thresholds_back(ws, tmp_path, thresholds):
    with pytest.raises(UserError):
        bundle(ws, "MOP-2099-0001", "mo", tmp_path / "b.pdf")
    assert gc.get_threshold() == (700, 10, 10)
