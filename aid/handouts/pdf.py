"""The handout as a PDF: WeasyPrint over the preview's own template, bundled fonts, no network, cached.

Rendering reads static files from disk only (StaticFileFetcher); anything else fails. The cache key is a
hash of the choices (the medicine list only as a keyed hash), the content version, a stamp that moves
with every admin edit, the clinic and the day, so an edit or a new day never serves a stale PDF.
"""

import datetime as dt
import hashlib
import io
import json
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string

# Progress lines at INFO for every render (and at import) would drown the request log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError  # noqa: E402

from aid.handouts.compose import compose  # noqa: E402

TEMPLATE = "handouts/handout.html"
BASE_URL = "https://handout.invalid/"
CACHE_SECONDS = 24 * 3600


class Blocked(Exception):
    """A section reads above grade 8: the handout must not be exported until an editor fixes it."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(f"{p['section']} reads at grade {p['grade']}" for p in problems))


class StaticFileFetcher(URLFetcher):
    """Serves STATIC_URL paths from the static finders; refuses every other URL (no network, no stray files)."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
            raise URLFetchingError(f"refused to fetch {url}")
        relative = unquote(parts.path[len(prefix) :])
        path = finders.find(relative) if ".." not in relative.split("/") else None
        if not path:
            raise URLFetchingError(f"no static file {relative}")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def css_string(text):
    """A value safe inside a CSS string in a <style> element."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def render_html(handout, *, standalone=True):
    footer = f"{handout['clinic']} · Content version {handout['version']} · Produced {handout['produced_on']:%-d %B %Y}"
    return render_to_string(
        TEMPLATE if standalone else f"{TEMPLATE}#document",
        {
            "h": handout,
            # The source file, not the hashed production name: the fetcher reads it through the finders.
            "stylesheet": "/" + settings.STATIC_URL.strip("/") + "/css/handout.css",
            "page_size": "A4" if handout["paper"] == "a4" else "letter",
            "footer_css": css_string(footer),
            "not_advice_css": css_string(handout["not_advice"]),
        },
    )


def render_pdf(handout, identifier=b""):
    """(pdf bytes, page count) for a composed handout."""
    # One font configuration for the stylesheets and the layout, so @font-face fonts are the ones embedded.
    font_config = FontConfiguration()
    document = HTML(string=render_html(handout), base_url=BASE_URL, url_fetcher=StaticFileFetcher()).render(
        font_config=font_config, pdf_variant="pdf/ua-1"
    )
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_variant="pdf/ua-1", pdf_identifier=identifier or None)
    return buffer.getvalue(), len(document.pages)


def content_stamp():
    """One query that moves whenever content is loaded or edited in the admin (history tables grow)."""
    from aid.core.models import ContentLoad
    from aid.evidence.models import Claim, Source, Statement, Topic
    from aid.interactions.models import InteractionRule
    from aid.regulation.models import Jurisdiction, JurisdictionSource

    tables = [(ContentLoad._meta.db_table, "id")] + [
        (model.history.model._meta.db_table, "history_id")
        for model in (Topic, Statement, Claim, Source, Jurisdiction, JurisdictionSource, InteractionRule)
    ]
    q = connection.ops.quote_name
    parts = ", ".join(f"(SELECT MAX({q(column)}) FROM {q(table)})" for table, column in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return list(cursor.fetchone())


def cache_key(choices, today):
    material = {
        "sections": list(choices.sections),
        "jurisdiction": choices.jurisdiction.upper(),
        "paper": choices.paper,
        "claims": list(choices.claims),
        "medicines": choices.medicines_digest(),
        "stamp": content_stamp(),
        "clinic": settings.AID_CLINIC_NAME,
        "day": today.isoformat(),
    }
    return "handout-pdf:" + hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def build(choices, today=None):
    """The PDF for these choices: from the cache, or composed and rendered (and then cached).

    Returns a dict: pdf, pages, bytes, grades ({section: grade}), version, handout (None on a cache hit),
    cached (bool). Raises ChoiceError for unknown choices and Blocked for a section above grade 8.
    """
    today = today or dt.date.today()
    key = cache_key(choices, today)
    # A PDF that lists the patient's medicines is patient data: it is never kept, not even in the cache.
    cacheable = not choices.medicines.strip()
    hit = cache.get(key) if cacheable else None
    if hit is not None:
        return {**hit, "handout": None, "cached": True}
    handout = compose(choices, today=today)
    if handout["problems"]:
        raise Blocked(handout["problems"])
    pdf, pages = render_pdf(handout, identifier=key.encode()[-32:])
    entry = {
        "pdf": pdf,
        "pages": pages,
        "bytes": len(pdf),
        "grades": {s["key"]: s["grade"] for s in handout["sections"]},
        "version": handout["version"],
        "jurisdiction": handout["jurisdiction"]["code"],
    }
    if cacheable:
        cache.set(key, entry, CACHE_SECONDS)
    return {**entry, "handout": handout, "cached": False}


def export(choices, user=None, channel="web", today=None):
    """Build the PDF and write the export log in one transaction: no log row without a PDF, and back."""
    from aid.handouts.models import HandoutExport

    with transaction.atomic():
        result = build(choices, today=today)
        HandoutExport.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            channel=channel,
            content_version=result["version"],
            sections=list(choices.sections),
            jurisdiction=result["jurisdiction"],
            paper=choices.paper,
            claims=list(choices.claims),
            medicines_checked=bool(choices.medicines.strip()) and "interactions" in choices.sections,
            pages=result["pages"],
        )
    return result
