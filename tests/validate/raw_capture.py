"""A raw capture and its cleaning, written for the offset tests of tests/validate/:
indented lines, a no-break space and a removed navigation line."""

import pandas as pd

RAW = "  Header line\n\nNav junk\n  Body\u00a0text here.\nSecond line.\n"
CLEAN = "Header line\n\nBody text here.\nSecond line."
SEGMENTS = pd.DataFrame([
    {"article_id": "r", "segment_index": 0, "segment": "headline", "start": 0, "end": 11,
     "text": "Header line", "line_first": 1, "line_last": 1},
    {"article_id": "r", "segment_index": 1, "segment": "body", "start": 13, "end": len(CLEAN),
     "text": "Body text here.\nSecond line.", "line_first": 4, "line_last": 5},
])
AUDIT = pd.DataFrame([
    {"article_id": "r", "line_no": i + 1, "raw_line": line, "action": action, "reason": reason}
    for i, (line, action, reason) in enumerate([
        ("  Header line", "kept", "content"), ("", "removed", "blank"),
        ("Nav junk", "removed", "navigation"), ("  Body\u00a0text here.", "kept", "content"),
        ("Second line.", "kept", "content")])
])
