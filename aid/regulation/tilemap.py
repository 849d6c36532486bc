"""A tile-grid map of the US: one equal square per state and DC, placed roughly where it lies.

Equal squares keep small states (RI, DE, DC) as readable and clickable as large ones.
"""

# (column, row) on a 12 × 8 grid.
TILES = {
    "AK": (0, 0), "ME": (11, 0),
    "WI": (6, 1), "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2), "MI": (7, 2),
    "NY": (9, 2), "MA": (10, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3), "OH": (7, 3),
    "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3), "RI": (11, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4), "WV": (7, 4),
    "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5), "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7),
}
STATE_CODES = sorted(TILES)
TILE = 64
GAP = 4
COLUMNS = 12
ROWS = 8
WIDTH = COLUMNS * (TILE + GAP)
HEIGHT = ROWS * (TILE + GAP)


def tiles(jurisdictions, today=None):
    """Plain tile dicts (position, code, name, status, stale, url) for the states present in `jurisdictions`."""
    by_code = {j.key: j for j in jurisdictions}
    result = []
    for code, (col, row) in sorted(TILES.items(), key=lambda item: (item[1][1], item[1][0])):
        j = by_code.get(f"US-{code}")
        if j is None:
            continue
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        result.append(
            {
                "code": code,
                "name": j.name,
                "status": j.status,
                "stale": j.is_stale(today),
                "url": j.get_absolute_url(),
                "x": x,
                "y": y,
                "cx": x + TILE // 2,
                "code_y": y + 28,
                "status_y": y + 46,
            }
        )
    return result
