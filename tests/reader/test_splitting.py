from aid.reader.splitting import sentences, split


def texts(text):
    return [t for _, _, t in sentences(text)]


def test_offsets_point_into_the_original_text():
    text = "  Kratom is a plant.  It is sold online!\n\n• Item one\n"
    for start, end, sentence in sentences(text):
        assert text[start:end] == sentence
    assert texts(text) == ["Kratom is a plant.", "It is sold online!", "Item one"]


def test_headings_and_list_lines_are_their_own_units():
    text = "Why use kratom\nSide effects:\n- nausea\n– constipation\n* dizziness\n1. The Chemistry: Why it Hits Harder"
    assert texts(text) == ["Why use kratom", "Side effects:", "nausea", "constipation", "dizziness",
                           "1. The Chemistry: Why it Hits Harder"]


def test_abbreviations_do_not_end_a_sentence():
    text = ("Dr. Smith said the U.S. Food and Drug Administration warned, e.g. in 2019, about kratom. "
            "Take 2 mg. of nothing, i.e. none. Prof. Jones agreed vs. Mr. Brown in Washington, D.C. last year.")
    assert texts(text) == [
        "Dr. Smith said the U.S. Food and Drug Administration warned, e.g. in 2019, about kratom.",
        "Take 2 mg. of nothing, i.e. none.",
        "Prof. Jones agreed vs. Mr. Brown in Washington, D.C. last year.",
    ]


def test_decimals_urls_and_numbered_days_stay_whole():
    text = ("A dose of 1.5 grams is common. See https://www.fda.gov/news-events/kratom.html for more. "
            "Day 1. Often a fairly good day. In 2019. The FDA acted.")
    assert texts(text) == [
        "A dose of 1.5 grams is common.",
        "See https://www.fda.gov/news-events/kratom.html for more.",
        "Day 1. Often a fairly good day.",
        "In 2019.",
        "The FDA acted.",
    ]


def test_citation_numbers_and_closing_quotes_stay_with_their_sentence():
    text = 'The compounds are mitragynine and 7-hydroxymitragynine.1 (See How does kratom work?) He said "it works." Then he left.'
    assert texts(text) == [
        "The compounds are mitragynine and 7-hydroxymitragynine.1",
        "(See How does kratom work?)",
        'He said "it works."',
        "Then he left.",
    ]


def test_windows_line_endings_and_blank_lines():
    text = "Heading\r\n\r\nFirst sentence. Second one.\r\n"
    spans = split(text)
    assert [text[s:e] for s, e in spans] == ["Heading", "First sentence.", "Second one."]


def test_hard_wrapped_paragraphs_are_joined_but_lists_and_headings_are_not():
    text = ("Officers in the Sydney team examined\nand x-rayed three air cargo consignments last Friday\n"
            "(16 August 2024). Trace amounts, typically less than the listed\n0.01 percent.\n"
            "Here are the main benefits people describe online\n1. Pain relief\nside effects\nnausea\n")
    assert texts(text) == [
        "Officers in the Sydney team examined\nand x-rayed three air cargo consignments last Friday\n(16 August 2024).",
        "Trace amounts, typically less than the listed\n0.01 percent.",
        "Here are the main benefits people describe online",
        "1. Pain relief",
        "side effects",
        "nausea",
    ]


def test_reference_markers_state_codes_and_the_word_no():
    text = ("It grows in Asia.[1] Vendors sell it. Costs reach $635 billion. [1] That is a lot. "
            "It works for withdrawal. 1, 2 Doses vary. Revibe of Kansas City, MO. On March 26 it recalled. "
            "For me, the answer is no. I never took it. See No. 5 on the list.")
    assert texts(text) == [
        "It grows in Asia.[1]", "Vendors sell it.", "Costs reach $635 billion. [1]", "That is a lot.",
        "It works for withdrawal. 1, 2", "Doses vary.", "Revibe of Kansas City, MO.", "On March 26 it recalled.",
        "For me, the answer is no.", "I never took it.", "See No. 5 on the list.",
    ]


def test_emoji_before_a_list_number_is_decoration():
    assert texts("✅ 1. Potent Pain Relief\n✅ 2. Natural Mood Enhancement") == [
        "✅ 1. Potent Pain Relief", "✅ 2. Natural Mood Enhancement",
    ]
