"""Helpers for the hardening suite: forms found on the real pages, commands run the way manage.py runs them,
and a migrated, loaded SQLite file for the tests that need a real server or a killed process."""

import contextlib
import io
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError, OutputWrapper

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

# The pages a clinician fills in; every form on them is fuzzed.
FORM_PAGES = ["/accounts/login/", "/evidence/claims/", "/medicines/", "/legal/", "/reader/", "/handout/"]


class FormParser(HTMLParser):
    """Every <form> on a page: method, action, enctype and its fields (name → choices, None for free text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "multipart": "multipart" in (attrs.get("enctype") or ""),
                    "fields": {},
                    "files": [],
                }
            )
            return
        if not self.forms or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self.forms[-1]["fields"][self._select].append(attrs.get("value", ""))
            return
        fields, name = self.forms[-1]["fields"], attrs["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input" and attrs.get("type") == "file":
            self.forms[-1]["files"].append(name)
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio", "hidden", "submit"):
            fields.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "select":
            fields.setdefault(name, [])
            self._select = name
        elif tag in ("input", "textarea"):
            fields[name] = None

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_on(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"GET {url} answered {response.status_code}"
    parser = FormParser()
    parser.feed(response.content.decode())
    # The sign-out button in the layout is on every page; it is tested once, for CSRF.
    return [f for f in parser.forms if "logout" not in f["action"]]


def post_forms(client, url):
    forms = [f for f in forms_on(client, url) if f["method"] == "post"]
    if not forms:
        pytest.skip(f"{url} has no POST form yet (its app has not landed)")
    return forms


# --- management commands, run as manage.py runs them but without closing the test's connection ---------


def run_command(name, *argv, stdin=None):
    """(exit code, stdout, stderr) of `manage.py NAME ARGV...`; any other exception propagates (a traceback)."""
    commands = get_commands()
    if name not in commands:
        pytest.skip(f"the {name} command has not landed yet")
    command = load_command_class(commands[name], name)
    out, err = io.StringIO(), io.StringIO()
    command._called_from_command_line = True
    command.stdout, command.stderr = OutputWrapper(out), OutputWrapper(err)
    code = 0
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out), _stdin(fake_stdin):
        try:
            options = vars(command.create_parser("manage.py", name).parse_args([str(a) for a in argv]))
            args = options.pop("args", ())
            command.execute(*args, **options)
        except CommandError as exc:
            err.write(f"CommandError: {exc}\n")
            code = exc.returncode
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _stdin(replacement):
    saved = sys.stdin
    sys.stdin = replacement
    try:
        yield
    finally:
        sys.stdin = saved


def assert_bad_input(code, stderr, *, allowed=(2,)):
    assert code in allowed, f"exit {code}, stderr: {stderr!r}"
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    assert last, "no message on stderr"


# --- a real SQLite file with the content loaded, for subprocesses -------------------------------------


SERVER_USER = "hardening.clinician"


def subprocess_env(db_path, **extra):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "DJANGO_HTTPS": "0", **extra}
    env.pop("PYTEST_VERSION", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def manage(db_path, *args, timeout=120, **extra):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=subprocess_env(db_path, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def prepared_sqlite(tmp_path_factory):
    """A migrated SQLite file with the current bundle loaded and the groups made (made once per run)."""
    path = tmp_path_factory.mktemp("prepared") / "aid.sqlite3"
    from tests.conftest import PASSWORD

    make_user = (
        "from django.contrib.auth.models import Group, User; "
        f"u = User.objects.create_user({SERVER_USER!r}, password={PASSWORD!r}); "
        "u.groups.add(Group.objects.get(name='clinician'))"
    )
    # collectstatic as `make prepare` does: a production-like server needs the static manifest.
    for args in (["migrate", "--verbosity", "0"], ["collectstatic", "--noinput", "--verbosity", "0"], ["setup_clinic"], ["load_content"], ["shell", "--no-imports", "-c", make_user]):
        result = manage(path, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    return path


@pytest.fixture
def sqlite_copy(prepared_sqlite, tmp_path):
    path = tmp_path / "db" / "aid.sqlite3"
    path.parent.mkdir()
    shutil.copy(prepared_sqlite, path)
    return path


# --- a real gunicorn on a free loopback port -----------------------------------------------------------


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(db_path, workers=1, **extra):
    import time
    import urllib.request

    port = free_port()
    log = open(Path(db_path).parent.parent / f"gunicorn-{port}.log", "wb")
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "aid.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--graceful-timeout", "2"],
        cwd=ROOT,
        env=subprocess_env(db_path, **extra),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    process.log_path = log.name
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # an HTTP answer (even 503): the server is up
                    break
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start within 30 s")
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
