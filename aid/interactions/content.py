"""This app's part of the content bundle (see aid.core.bundle): check, load, export."""


def check(bundle):
    pass


def load(bundle, report, force=False):
    pass


def export(root):
    pass
