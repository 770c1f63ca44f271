"""Prose for the family of paired comparisons by event
(:func:`helpers.compare.paired_comparisons`): one sentence per category, every
name taken from the table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core.escape import md_text

_ADJUSTED = {"holm": ("p_holm", "Holm"), "bh": ("p_bh", "Benjamini–Hochberg")}


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.3f}" if p < 0.1 else f"= {p:.2f}"


def _difference(row, ci: float, label: str) -> str:
    a, b = (row.outlet_a, row.outlet_b) if row.difference >= 0 else (row.outlet_b, row.outlet_a)
    d = abs(float(row.difference))
    return (f"{md_text(a)} uses more than {md_text(b)} (+{d:.1f} per 1,000 tokens, {ci:.0%} interval of "
            f"{md_text(row.outlet_a)} − {md_text(row.outlet_b)} {row.ci_low:.1f} to {row.ci_high:.1f}, "
            f"{int(row.n_events)} events, {label} p {_p(float(row.p_adj))})")


def describe_paired(table: pd.DataFrame, categories: Sequence[str] | None = None, *,
                    adjust: str = "holm", alpha: float = 0.05, ci: float = 0.95,
                    unit: str = "outlet", max_listed: int = 5) -> str:
    """Markdown bullets, one per category: how many pairs of groups sharing two or
    more events differ after the multiple-comparison adjustment, and which.

    ``table`` is :func:`helpers.compare.paired_comparisons`; ``adjust`` picks
    its Holm (1979) or Benjamini–Hochberg (1995) column; a pair differs when
    that adjusted p is below ``alpha``. ``unit`` names the comparison unit in
    the text ("outlet", "lean", ...). Names from the data are Markdown-escaped
    (:func:`helpers.core.escape.md_text`). When no pair shares two events the
    sentence says so, with how many share one or none; when none differs it
    gives the smallest adjusted p and, with few events, the smallest p the
    sign-flip test could reach. At most ``max_listed`` differing pairs are
    named per category (the rest are counted).
    """
    col, label = _ADJUSTED[adjust]
    unit = md_text(unit)
    cats = list(categories) if categories is not None else list(dict.fromkeys(table.get("category", [])))
    lines = []
    for cat in cats:
        name = str(cat).replace("_", " ")
        name = md_text(name[:1].upper() + name[1:])
        t = table[table["category"] == cat] if len(table) else table
        if t.empty:
            why = f"fewer than two {unit}s in the data" if table.empty else "not in the comparison table"
            lines.append(f"- **{name}**: no {unit} pairs to compare ({why}).")
            continue
        ok = t[t["comparable"].astype(bool)]
        one = int((t["n_events"] == 1).sum())
        none = int((t["n_events"] == 0).sum())
        if ok.empty:
            lines.append(f"- **{name}**: no {unit} pair shares two or more events, so no paired comparison "
                         f"by event can be made ({one} of {len(t)} pair{'s' if len(t) != 1 else ''} "
                         f"share{'s' if one == 1 else ''} one event, {none} none).")
            continue
        ok = ok.assign(p_adj=ok[col].astype(float)).sort_values(["p_adj", "outlet_a", "outlet_b"], kind="stable")
        hit = ok[ok["p_adj"] < alpha]
        head = (f"- **{name}**: of {len(ok)} {unit} pair{'s' if len(ok) != 1 else ''} sharing ≥ 2 events, "
                f"{len(hit) if len(hit) else 'none'} differ{'s' if len(hit) == 1 else ''} after {label} adjustment")
        if len(hit):
            listed = [_difference(r, ci, label) for r in hit.head(max_listed).itertuples(index=False)]
            more = len(hit) - len(listed)
            text = head + ": " + "; ".join(listed) + (f"; and {more} more" if more > 0 else "") + "."
        else:
            fewest = int(ok["n_events"].min())
            floor = 2.0 / 2 ** fewest
            text = head + f" (smallest adjusted p {_p(float(ok['p_adj'].min()))})."
            if floor >= alpha:
                text += (f" With {fewest} shared events a sign-flip test cannot give p below {floor:.2g}, "
                         "so more events are needed to detect a difference.")
        skipped = len(t) - len(ok)
        if skipped:
            text += f" {skipped} more pair{'s' if skipped != 1 else ''} share{'s' if skipped == 1 else ''} fewer than two events."
        lines.append(text)
    if not lines:
        return f"No paired comparisons: no categories, or fewer than two {unit}s."
    return "\n".join(lines)


def paired_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The rows a notebook shows: comparable pairs first (smallest adjusted p
    first), then the others with their reason; no row of empty numbers."""
    if table.empty:
        return table
    t = table.assign(_c=~table["comparable"].astype(bool), _p=table["p_holm"].astype(float).fillna(np.inf))
    return t.sort_values(["_c", "category", "_p", "outlet_a", "outlet_b"], kind="stable").drop(
        columns=["_c", "_p"]).reset_index(drop=True)
