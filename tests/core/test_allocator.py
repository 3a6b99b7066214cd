"""The allocator setting is taken on this (glibc) machine and is harmless to repeat."""

import platform

import numpy as np

from lib.core.allocator import keep_freed_memory


def test_glibc_accepts_the_settings_and_big_arrays_still_work():
    accepted = keep_freed_memory()
    assert accepted == (platform.libc_ver()[0] == "glibc")
    assert keep_freed_memory() is accepted  # once per process
    blocks = [np.ones(4_000_000) for _ in range(3)]  # 32 MB each: around the threshold
    assert sum(float(block.sum()) for block in blocks) == 12_000_000
