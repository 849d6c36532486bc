"""The table's filter and sort options, read from GET parameters as plain values."""

from aid.regulation.models import LEVELS, STATUSES

# Column name in the URL → what it sorts by; "-" in front of the name reverses it.
SORT_COLUMNS = ("name", "code", "level", "status", "verified_on")
DEFAULT_SORT = "name"


def table_options(params):
    """{"status", "level", "sort"} from a mapping of GET parameters; unknown values fall back to no filter."""
    status = params.get("status", "")
    level = params.get("level", "")
    sort = params.get("sort", "")
    return {
        "status": status if status in STATUSES else "",
        "level": level if level in LEVELS else "",
        "sort": sort if sort.lstrip("-") in SORT_COLUMNS else DEFAULT_SORT,
    }


def sort_headers(current):
    """Per column: the sort value its header link asks for, and its aria-sort state."""
    headers = {}
    for column in SORT_COLUMNS:
        if current == column:
            headers[column] = {"next": f"-{column}", "aria": "ascending"}
        elif current == f"-{column}":
            headers[column] = {"next": column, "aria": "descending"}
        else:
            headers[column] = {"next": column, "aria": "none"}
    return headers
