import pytest

from summariser.cards.document import CardText
from summariser.cards.roles import employer_names, is_role, read_employer, read_title, role_phrase, title_like


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("motivated PhD candidate for a research project", "PhD candidate"),
        ("postdoctoral fellows to be part of a consortium", "postdoctoral fellows"),
        ("erfaren fagleder som vil lede", "fagleder"),
        ("this position is funded", None),  # not a name for the post
        ("successful candidate will", None),  # a bare 'candidate' says no kind
        ("Professor Tracey Chapman", None),  # a person's title
    ],
)
def test_role_phrase(words, role):
    assert role_phrase(words) == role


def test_role_words_english_and_norwegian():
    assert all(is_role(w) for w in ("studentship", "Technician", "nattevakt", "butikkmedarbeider", "prosjektleder"))
    assert not any(is_role(w) for w in ("project", "University", "Oslo", "kunder"))


def test_title_from_the_text_before_the_feeds_headline():
    doc = CardText("Harstad Kino\n\nVi søker en serviceinnstilt kinovert til Harstad Kino. Du vil jobbe kveld.")
    title, pieces = read_title(doc, "Vi ser etter deg! Er det deg?", sources=True)
    assert title == "kinovert" and doc.text[pieces[0].start : pieces[0].end] == "kinovert"
    assert not title_like("Vi ser etter skjulte talenter! Er det deg?") and title_like("Data Engineer at Acme")
    # the feed's own name for the post is kept, as the source's word, when the text names no role
    doc = CardText("Acme in Bergen builds pipelines. The salary is NOK 700,000.")
    assert read_title(doc, "Data Engineer at Acme", sources=True) == ("Data Engineer at Acme", None)
    assert read_title(doc, "Data Engineer at Acme", sources=False) is None


def test_employer_as_the_text_names_it():
    assert employer_names("Barcelona Supercomputing Center (BSC)")[-2:] == ["Barcelona Supercomputing Center", "BSC"]
    doc = CardText("EV HUB bidrar til en grønnere fremtid. I denne stillingen får du tittelen Reparing Mechanic.")
    assert read_employer(doc, "EV HUB AS")[0] == "EV HUB"
    doc = CardText("WRK Bemanning søker våkne nattevakter til barnevernsinstitusjon.")
    assert read_employer(doc, None)[0] == "WRK Bemanning"
    assert read_employer(CardText("We are seeking a PhD candidate."), None) is None  # 'We' is no employer


def test_hiring_sentence_with_seeking_to_hire_up_to():
    doc = CardText("The group is seeking to hire up to two postdoctoral fellows to be part of a consortium.")
    assert read_title(doc, None, sources=False)[0] == "postdoctoral fellow"  # one post's name


def test_feed_title_found_in_any_case_keeps_the_texts_casing():
    doc = CardText("The Centre for Doctoral Training has multiple fully-funded PhD studentships for\n\nstudents.")
    title, pieces = read_title(doc, "PhD Studentships", sources=False)
    assert title == "PhD studentships" and doc.text[pieces[0].start : pieces[0].end] == title


@pytest.mark.parametrize(
    ("feed", "text", "title"),
    [
        (
            "Professor and Head of Department",
            "The Department seeks an active researcher in politics to be the Head of Department.",
            "Head of Department",
        ),
        (
            "Competition-funded studentship: Love thy neighbour?",
            "This competition-funded studentship starts in October. We are looking for a motivated student.",
            "competition-funded studentship",
        ),
    ],
)
def test_the_longest_part_of_the_feed_title_the_text_repeats(feed, text, title):
    found = read_title(CardText(text), feed, sources=False)
    assert found is not None and found[0] == title


def test_a_part_of_the_feed_title_naming_no_role_is_not_taken():
    doc = CardText("Climate Change and the Visual Arts is our theme. We invite applications for PhD candidates.")
    assert read_title(doc, "PhD with fees bursary – Climate Change and the Visual Arts", sources=False)[0] == (
        "PhD candidate"
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Om oss\n\nSom fagansvarlig vil du ha det overordnede ansvaret for faglig utvikling.", "fagansvarlig"),
        ("Our lab studies proteins. As a PhD candidate, you will develop new assays.", "PhD candidate"),
        ("You hold a PhD in biology. The employment as postdoc is a full time position.", "postdoc"),
    ],
)
def test_role_named_as_what_you_will_be(text, title):
    assert read_title(CardText(text), None, sources=False)[0] == title


def test_as_cue_without_a_role_names_nothing():
    doc = CardText("Som en del av vårt team vil du jobbe med kunder.")
    assert read_title(doc, None, sources=False) is None


def test_a_role_named_in_the_plural_is_the_name_of_one_post():
    from summariser.cards.roles import singular

    assert singular("våkne nattevakter") == "våkne nattevakt"
    assert singular("sykepleiere") == "sykepleier"
    assert singular("PhD candidates") == "PhD candidate"
    assert singular("lærer") == "lærer"  # a singular '-er' noun: 'lær' is no role
    assert singular("analytics") == "analytics"
