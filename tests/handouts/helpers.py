import io

from pypdf import PdfReader


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def flat(text):
    """Extracted text with line breaks undone, for sentence assertions."""
    return " ".join(text.split())
