"""A bounded load test: N simulated clinicians against a running server on a loopback address.

Each user signs in, then loops over a realistic mix (home, a topic, a medicine check, legal status, an
article analysis, one PDF handout per user) until the duration is up. Standard library only
(threads + http.client): every loop is bounded by a deadline and a request cap, and only 127.0.0.1 is
allowed as the target.

    python -m aid.core.loadtest --port 8000 --username U --password P --users 20 --seconds 60
"""

import argparse
import http.client
import json
import re
import statistics
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEDICINES = "Xanax 0.5mg, oxycodone, sertraline 50mg, lisinopril, Tramadoll, alcohol"
MAX_REQUESTS_PER_USER = 100_000


class Session:
    """One browser: a keep-alive connection, its cookies and the CSRF token; no redirects followed."""

    def __init__(self, host, port, timeout=60):
        if host not in LOOPBACK:
            raise ValueError(f"load tests only run against a loopback address, not {host!r}")
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.conn = None

    def request(self, method, path, fields=None, files=None, headers=None):
        body, head = None, {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            head["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            head["Referer"] = f"http://{self.host}:{self.port}{path}"
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            head["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed is reopened once
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=head)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.headers.get("Connection", "").lower() == "close":
            self.close()
        return response.status, response.headers, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields=None, **kw):
        return self.request("POST", path, fields, **kw)

    def sign_in(self, username, password):
        status, _, body = self.get("/accounts/login/")
        match = CSRF_INPUT.search(body.decode(errors="replace"))
        if match and "csrftoken" not in self.cookies:
            self.cookies["csrftoken"] = match.group(1)
        status, headers, body = self.post("/accounts/login/", {"username": username, "password": password})
        if status != 302:
            raise RuntimeError(f"sign-in failed with {status}: {body[:400]!r}")
        return status

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def scenario(seed_key, topic_key):
    """The mix one clinician repeats: (label, method, path, fields, expected statuses)."""
    return [
        ("home", "GET", "/", None, {200}),
        ("topic", "GET", f"/evidence/topics/{topic_key}/", None, {200}),
        ("medicine check", "POST", "/medicines/", {"medicines": MEDICINES}, {200}),
        ("legal status", "GET", "/legal/?code=US-TX", None, {200}),
        ("analyse seed article", "POST", "/reader/", {"seed": seed_key}, {200}),
    ]


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(host, port, username, password, *, users=20, seconds=60, seed_key="seed-000", topic_key="pain",
        handout_path="/handout/pdf/", handout_fields=None):
    """Run the load test; returns a dict of figures (requests, errors, throughput, latency percentiles)."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    timings = {}
    errors = []

    def record(label, started, ok, detail=""):
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            timings.setdefault(label, []).append(elapsed)
            if not ok:
                errors.append(f"{label}: {detail}")

    def user(n):
        session = Session(host, port)
        try:
            started = time.perf_counter()
            try:
                session.sign_in(username, password)
                record("sign in", started, True)
            except Exception as exc:  # a failed sign-in is an error of the run, not a crash of the tool
                record("sign in", started, False, str(exc))
                return
            if handout_fields is not None:
                started = time.perf_counter()
                status, headers, body = session.post(handout_path, handout_fields)
                ok = status == 200 and body.startswith(b"%PDF")
                record("handout PDF", started, ok, f"{status} {headers.get('Content-Type')}")
            steps = scenario(seed_key, topic_key)
            for i in range(MAX_REQUESTS_PER_USER):
                if time.monotonic() >= deadline:
                    break
                label, method, path, fields, expected = steps[(i + n) % len(steps)]
                started = time.perf_counter()
                try:
                    status, _, _ = session.request(method, path, fields)
                    record(label, started, status in expected, f"{method} {path} → {status}")
                except Exception as exc:
                    record(label, started, False, f"{method} {path} → {type(exc).__name__}")
                    session.close()
        finally:
            session.close()

    wall = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    wall = time.perf_counter() - wall
    every = [t for values in timings.values() for t in values]
    return {
        "users": users,
        "seconds": round(wall, 1),
        "requests": len(every),
        "errors": len(errors),
        "error_samples": errors[:5],
        "throughput_rps": round(len(every) / wall, 1) if wall else None,
        "latency_ms": {
            "p50": round(percentile(every, 0.50), 1) if every else None,
            "p95": round(percentile(every, 0.95), 1) if every else None,
            "p99": round(percentile(every, 0.99), 1) if every else None,
            "max": round(max(every), 1) if every else None,
        },
        "by_step": {
            label: {
                "n": len(values),
                "median_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
            }
            for label, values in sorted(timings.items())
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args(argv)
    result = run(args.host, args.port, args.username, args.password, users=args.users, seconds=args.seconds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
