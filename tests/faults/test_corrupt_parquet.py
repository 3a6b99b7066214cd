"""A corrupt Parquet file dropped into the data folder while the app runs: the broken snapshot is
refused with its folder and reason, every other snapshot keeps working, a session that was viewing
the broken one is told (not silently shown other numbers), and nothing comes back wrong once the
file is whole again."""

from __future__ import annotations

import hashlib
import json

from bench.streamlit_client import Session
from tests.faults.driving import run

GARBAGE = b"PAR1" + b"\x17 not a parquet file \x00" * 200 + b"PAR1"


async def view(url: str, page: str = "", query: str = "") -> tuple[Session, object]:
    session = Session(url)
    await session.connect(page, query)
    return session, await session.run()


def text(result) -> str:
    return "\n".join(result.texts).replace("\\", "")


def test_a_new_snapshot_with_a_corrupt_parquet_is_refused_and_the_others_keep_working(live_app, folder):
    async def scenario():
        before, first = await view(live_app.url)
        assert "2026年10月31日" in text(first) and not first.exceptions
        broken = folder / "snapshots" / "2026-11-30-broken"
        broken.mkdir()
        (broken / "observations.parquet").write_bytes(GARBAGE)
        manifest = json.loads((folder / "snapshots" / "2026-10-31-demo" / "manifest.json").read_text())
        manifest.update(id=broken.name, as_of="2026-11-30", sha256=hashlib.sha256(GARBAGE).hexdigest())
        (broken / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
        again = await before.run()  # the open session, next interaction
        assert not again.exceptions and "2026年10月31日" in text(again)
        assert "有 1 个数据快照未通过校验" in text(again)
        fresh, result = await view(live_app.url, "data")
        assert "2026-11-30-broken" in text(result) and "Parquet 文件无法读取" in text(result)
        for session in (before, fresh):
            await session.close()

    run(scenario())


def test_the_snapshot_being_viewed_broken_in_place_is_withdrawn_with_a_notice_and_comes_back(live_app, folder):
    parquet = folder / "snapshots" / "2026-10-31-demo" / "observations.parquet"
    good = parquet.read_bytes()

    async def scenario():
        session, first = await view(live_app.url, "provinces", "region=440000")
        assert "2026年10月31日" in text(first)
        parquet.write_bytes(GARBAGE)  # dropped over the file the session is looking at
        result = await session.run()
        shown = text(result)
        assert not result.exceptions
        assert "您正在查看的数据快照“2026-10-31-demo”现在无法使用" in shown and "2026-09-30-demo" in shown
        assert "校验" in shown  # the reason: its checksum no longer matches its manifest
        assert "2026年9月30日" in shown  # the page shows the earlier snapshot, and says which
        parquet.write_bytes(good)  # the file whole again
        fresh, back = await view(live_app.url, "provinces", "region=440000")
        assert "2026年10月31日" in text(back) and "无法使用" not in text(back)
        for open_session in (session, fresh):
            await open_session.close()

    run(scenario())
