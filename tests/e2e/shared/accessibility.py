"""axe-core in the browser tests: the vendored file (tests/e2e/vendor/axe-core, from the npm
package, checked by its sha256) injected into a page, and its serious or critical violations."""

from __future__ import annotations

import hashlib
from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
BLOCKING = ("serious", "critical")


def axe_source() -> str:
    data = AXE.read_bytes()
    if hashlib.sha256(data).hexdigest() != AXE_SHA256:
        raise RuntimeError(f"{AXE} is not the vendored axe-core 4.14.1 (sha256 differs)")
    return data.decode("utf-8")


def axe_violations(page, impacts=BLOCKING) -> list[dict]:
    """Run axe-core on the whole page (WCAG 2.1 A/AA rules and best practices); the violations of
    the given impacts, each with its rule, impact, help and the selectors of the nodes at fault."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    results = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.slice(0, 200)),
            }));
        }"""
    )
    return [violation for violation in results if violation["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)
