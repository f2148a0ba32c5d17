"""axe-core (npm, pinned in package-lock.json) run inside a page or frame, and its results held against the
allow-list of known violations (tests/e2e/axe_allowlist.json), so that only new ones fail a test."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # installed by `make setup-dev` (npm ci)
ALLOWLIST = Path(__file__).with_name("axe_allowlist.json")
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.0 and 2.1, levels A and AA

# Frames are checked on their own (iframes: false), so each result names the frame it belongs to. A node's
# html is its own start tag in full (axe-core's `html` shortens long attributes such as class).
RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false,
                                          resultTypes: ['violations'], elementRef: true});
  const node = n => ({target: n.target.flat(Infinity).join(' '),
                      html: n.element ? n.element.cloneNode(false).outerHTML : n.html});
  return result.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help, help_url: v.helpUrl,
                                      nodes: v.nodes.map(node)}));
}"""


def axe_source() -> str:
    """The axe-core script, read from node_modules (no network); a clear failure or skip when not installed."""
    if not AXE_JS.exists():
        message = f"{AXE_JS} missing: run `make setup-dev` (npm ci installs axe-core from package-lock.json)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(frame) -> list[dict]:
    """Inject axe-core into a Playwright page or frame and return its WCAG 2.1 A/AA violations there."""
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.add_script_tag(content=axe_source())
    return frame.evaluate(RUN_AXE, WCAG21_AA)


def load_allowlist(path: Path = ALLOWLIST) -> list[dict]:
    """The known violations: each has rule, where (scopes), html (a regex on the node's HTML), reason."""
    entries = json.loads(path.read_text(encoding="utf-8"))["allowed"]
    for entry in entries:
        missing = {"rule", "where", "html", "reason"} - set(entry)
        if missing or not entry["reason"].strip():
            raise ValueError(f"{path.name}: entry {entry} lacks {sorted(missing) or ['a reason']}")
    return entries


def explains(entry: dict, rule: str, node: dict) -> bool:
    return entry["rule"] == rule and re.search(entry["html"], node["html"]) is not None


def triage(violations: list[dict], scope: str, allowed: list[dict]) -> tuple[list[dict], list[dict]]:
    """(new, stale) for one scope: the violations with the nodes no entry explains, and the entries for
    this scope that explained nothing (fixed, or their pattern went out of date). Entries match a node's
    HTML, not axe's selector: axe picks whichever selector is unique at the time (an id, a class)."""
    entries = [e for e in allowed if scope in e["where"]]
    used: set[int] = set()
    new = []
    for violation in violations:
        unexplained = []
        for node in violation["nodes"]:
            hits = {i for i, e in enumerate(entries) if explains(e, violation["rule"], node)}
            used |= hits
            if not hits:
                unexplained.append(node)
        if unexplained:
            new.append({**violation, "scope": scope, "nodes": unexplained})
    stale = [{**e, "scope": scope} for i, e in enumerate(entries) if i not in used]
    return new, stale


def describe(new: list[dict], stale: list[dict], shown: int = 5) -> str:
    """A failure message a person can act on: each new violation, each allow-list entry no longer needed."""
    lines = []
    for v in new:
        lines.append(f"NEW {v['scope']}: {v['rule']} ({v['impact']}, {len(v['nodes'])} nodes) {v['help']}")
        lines.append(f"    {v['help_url']}")
        lines += [f"    - {n['target']}  {n['html'][:160]}" for n in v["nodes"][:shown]]
        lines += ["    - …"] if len(v["nodes"]) > shown else []
    for e in stale:
        lines.append(f"FIXED? {e['scope']}: {e['rule']} /{e['html']}/ matched nothing: remove it from the allow-list")
    return "\n".join(lines)
