"""axe-core in a Playwright page: the pinned copy (``frontend.TEST_PACKAGES``,
installed by ``scripts/install_assets.py --test``), run on the WCAG 2.0/2.1/2.2 A
and AA rules; what blocks is a serious or critical violation that is not one of the
known issues of the accessibility statement (same rule *and* same element)."""

from __future__ import annotations

from fsdash.domain.frontend import local_path
from fsdash.ui.accessibility.statement import AXE_TAGS, STREAMLIT_LIMITS, WCAG_EXCEPTIONS, KnownIssue

AXE_JS = local_path("axe-core", "axe.min.js")
BLOCKING = ("serious", "critical")
EXCUSED: set[tuple[str, str]] = set()  # (rule, marker) of the known issues met in this test session


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the script run has drawn the page (the footer comes last) and lazy parts painted."""
    page.locator("#footer").wait_for(state="attached", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
                           timeout=timeout)
    page.wait_for_timeout(1200)


def open_list(page) -> None:
    """Wait until an open list of choices (not the map search's, hidden) has finished appearing:
    axe computes contrasts on the colours of the moment, and a list fading in is pale."""
    page.locator('[role="listbox"]:not(.fsdash-search-list)').first.wait_for()
    page.mouse.move(1, 1)  # no option left under the pointer (its highlight is a state of its own)
    # Every animation and transition of the document, not only the list's: the popover that
    # holds the list fades in from an ancestor; twice, a frame apart (one may start late).
    settled = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>
        done(document.getAnimations().every(a => a.playState !== "running"
            || a.effect.getComputedTiming().iterations === Infinity)))))"""  # a spinner never ends
    page.wait_for_function(settled)
    page.wait_for_function(settled)


def run(page, tags: tuple[str, ...] = AXE_TAGS) -> dict:
    """axe's results for the whole page as it is now."""
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} manque : lancez « python scripts/install_assets.py --test »")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                   resultTypes: ['violations']})""", list(tags))


def known_issue(page, rule: str, node: dict) -> KnownIssue | None:
    for issue in STREAMLIT_LIMITS + WCAG_EXCEPTIONS:
        if issue.rule == rule and issue.marker in node["html"] and (
                not issue.when or page.locator(issue.when).count() > 0):
            EXCUSED.add((issue.rule, issue.marker))
            return issue
    return None


def blocking(page, results: dict) -> list[str]:
    """The serious or critical violations no known issue explains, one line per element."""
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            if known_issue(page, violation["id"], node) is None:
                found.append(f"{violation['id']} ({violation['impact']}, {violation['help']}): "
                             f"{node['target']} {node['html'][:200]} — {node.get('failureSummary', '')[:300]}")
    return found


def check(page, label: str) -> dict:
    """Run axe and fail with every blocking violation listed."""
    results = run(page)
    problems = blocking(page, results)
    assert not problems, f"{label} :\n" + "\n".join(problems)
    return results
