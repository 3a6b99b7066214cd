"""Finding a target's quote in its policy text (lib.reference.policy_docs)."""

from lib.reference.policy_docs import quote_context


def test_a_policy_text_corrected_on_disk_is_read_again(tmp_path):
    """Failed with ``cleaned_text`` an ``lru_cache`` keyed by the path alone: a running server kept
    finding quotes in the text as it was when first read."""
    path = tmp_path / "policy.txt"
    path.write_text("第一条\n到2025年，培训高技能人才1000万人次。\n", encoding="utf-8")
    found = quote_context(tmp_path, "policy.txt", "培训高技能人才1000万人次")
    assert found is not None and found.quote == "培训高技能人才1000万人次"
    # the collected text corrected (traditional characters, OCR spacing): the new words are found
    path.write_text("第一條\n到2027年，培訓高技能人才 1500萬人次。\n", encoding="utf-8")
    assert quote_context(tmp_path, "policy.txt", "培训高技能人才1000万人次") is None
    corrected = quote_context(tmp_path, "policy.txt", "培训高技能人才1500万人次")
    assert corrected is not None and corrected.before == "到2027年，"
