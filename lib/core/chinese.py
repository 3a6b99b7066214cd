"""Chinese text helpers: traditional -> simplified (OpenCC), and removal of collection noise.

The policy documents were collected from web pages and scans (INDEX.md): some are in traditional
characters, one carries pinyin after characters (``技能(néng)``), one has OCR spacing
(``0. 99万人 次``). ``clean_policy_text`` undoes exactly that noise so quotes can be found.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# A parenthesised run of pinyin (letters with tone marks, slashes, spaces) after a character.
_PINYIN = re.compile(r"\((?=[^)]*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü /]+\)")
_SPACE = re.compile(r"[ \t\u3000\u00a0]+")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def clean_policy_text(text: str) -> str:
    """Collected text -> clean simplified Chinese, line structure kept."""
    text = _PINYIN.sub("", text)
    text = to_simplified(text)
    # OCR inserts spaces inside numbers and words; Chinese prose has no spaces to lose.
    lines = [_SPACE.sub(lambda m: m.group() if _latin_pair(m) else "", line) for line in text.split("\n")]
    return "\n".join(lines)


def _latin_pair(match: re.Match) -> bool:
    """Keep a space only between two Latin letters (English words inside the text)."""
    text, start, end = match.string, match.start(), match.end()
    return (
        start > 0
        and end < len(text)
        and text[start - 1].isascii()
        and text[start - 1].isalpha()
        and text[end].isascii()
        and text[end].isalpha()
    )


_PUNCT = str.maketrans(
    {
        "，": ",",
        "；": ";",
        "：": ":",
        "（": "(",
        "）": ")",
        "－": "-",
        "—": "-",
        "–": "-",
        "“": '"',
        "”": '"',
        "〔": "[",
        "〕": "]",
        "、": "、",
    }
)


def match_key(text: str) -> str:
    """A form of ``text`` for finding a quote: width-folded, no spaces, one style of punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    return re.sub(r"\s+", "", text)
