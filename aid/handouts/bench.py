"""Benchmark: the default handout's first render, a cached repeat, memory per render, and Chromium's
print-to-PDF of the very same HTML for comparison. Not a timed test: `python -m aid.handouts.bench`."""

import datetime as dt
import io
import resource
import statistics
import time
import tracemalloc

CHROMIUM = "/usr/bin/chromium"


def _ms(start):
    return round((time.perf_counter() - start) * 1000, 1)


def run(renders=5, repeats=50, chromium=True):
    from django.core.cache import cache

    from aid.handouts.compose import Choices, compose
    from aid.handouts.pdf import build, render_html, render_pdf

    choices, today = Choices(), dt.date.today()
    cache.clear()
    start = time.perf_counter()
    first = build(choices, today=today)
    first_ms = _ms(start)

    uncached = []
    for _ in range(renders):
        cache.clear()
        start = time.perf_counter()
        build(choices, today=today)
        uncached.append(_ms(start))

    cached = []
    for _ in range(repeats):
        start = time.perf_counter()
        hit = build(choices, today=today)
        cached.append(_ms(start))
    assert hit["cached"]

    handout = compose(choices, today=today)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    render_pdf(handout)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "name": "default handout PDF (WeasyPrint)",
        "pages": first["pages"],
        "bytes": first["bytes"],
        "first_render_ms": first_ms,
        "render_median_ms": statistics.median(uncached),
        "cached_repeat_median_ms": round(statistics.median(cached), 2),
        "cached_repeat_max_ms": max(cached),
        "python_peak_mib_per_render": round(peak / 2**20, 1),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "max_rss_growth_mib_during_measured_render": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
        ),
    }
    if chromium:
        result["chromium"] = chromium_print(render_html(handout), handout["paper"], renders)
        result["chromium_to_weasyprint_ratio"] = round(
            result["chromium"]["print_median_ms"] / result["render_median_ms"], 2
        )
    return result


def chromium_print(html, paper, renders):
    """The same HTML through headless Chromium's print-to-PDF, static files served from disk as for WeasyPrint."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    from aid.handouts.pdf import BASE_URL, StaticFileFetcher

    fetcher = StaticFileFetcher()

    def serve(route):
        url = route.request.url
        if not url.startswith(BASE_URL):
            return route.abort()
        try:
            response = fetcher.fetch(url)
        except Exception:
            return route.abort()
        route.fulfill(status=200, body=response.read(), content_type=response.content_type)

    timings = []
    with sync_playwright() as p:
        start = time.perf_counter()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        launch_ms = _ms(start)
        page = browser.new_page()
        page.route("**/*", serve)
        for _ in range(renders):
            start = time.perf_counter()
            page.set_content(html, wait_until="load")
            pdf = page.pdf(format="A4" if paper == "a4" else "Letter", print_background=True, tagged=True)
            timings.append(_ms(start))
        browser.close()
    return {
        "launch_ms": launch_ms,
        "print_median_ms": statistics.median(timings),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
    }


if __name__ == "__main__":
    import json
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aid.settings")
    django.setup()
    print(json.dumps(run(), indent=2))
