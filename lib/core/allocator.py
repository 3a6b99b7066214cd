"""Let the server keep freed memory for reuse (glibc's malloc, once per process).

A big upload allocates and frees hundreds of megabytes of arrays. By default glibc hands such
blocks back to the system at once, and the next upload (or the next step of this one) pays a page
fault for every fresh 4 KB page — on these virtual machines about a sixth of reading a
1,000,000-row file (bench/bench_upload.py). Blocks up to 32 MB are taken from the heap, and up to
256 MB of free heap is kept at its top. Elsewhere (musl, macOS) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

M_TOP_PAD, M_MMAP_THRESHOLD = -2, -3  # glibc's mallopt parameters (malloc.h)
TOP_PAD_BYTES = 256 << 20
MMAP_THRESHOLD_BYTES = 32 << 20  # glibc's largest allowed value on 64-bit systems


@functools.cache
def keep_freed_memory() -> bool:
    """True when glibc accepted both settings."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_TOP_PAD, TOP_PAD_BYTES)) and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
