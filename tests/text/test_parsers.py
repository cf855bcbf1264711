import pytest

from summariser.text.parsers import contract, employment_type, parse_dates, parse_duration, parse_money, work_mode


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NOK 550,000 - 634,000", (550000, 634000, "NOK", None)),
        ("a salary of 550 800 NOK/year with a 3% yearly increase", (550800, 550800, "NOK", "year")),
        ("£18,212 to £20,989 per annum", (18212, 20989, "GBP", "year")),
        ("årslønn fra kr 509 300 – 692 400 (lønnstrinn 51-70)", (509300, 692400, "NOK", "year")),
        ("annual gross salary around 19-20.000 EUR", (19000, 20000, "EUR", "year")),
        ("Timelønn kr 185 per time", (185, 185, "NOK", "hour")),
        ("EUR 2,500 per month", (2500, 2500, "EUR", "month")),
        ("£30k per year", (30000, 30000, "GBP", "year")),
        ("up to £60,590.64 net of tax", (60590.64, 60590.64, "GBP", None)),
        ("a stipend, in the amount of 1000 PLN per month", (1000, 1000, "PLN", "month")),  # EURAXESS: Poland
        ("The salary is 52,000 CZK per month", (52000, 52000, "CZK", "month")),
    ],
)
def test_money(text, expected):
    (found,) = parse_money(text)
    assert (found.min, found.max, found.currency, found.period) == expected
    assert text[found.span[0] : found.span[1]].strip()


@pytest.mark.parametrize(
    "text",
    [
        "lønn etter avtale",
        "Salary according to qualifications",
        "a 3% yearly increase",
        "25 % each year",
        "over £100 million of research income",  # millions and billions are budgets, not pay
        "assets of over $60 billion",
        "a €2.5m grant",
    ],
)
def test_no_amount_no_salary(text):
    assert parse_money(text) == []


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("Søk senest fredag 15. november", 2024, "2024-11-15"),
        ("Søk senest fredag 15. november", None, None),  # no year and no posting date: not guessed
        ("Closes: 18th November 2015", None, "2015-11-18"),
        ("Closing Date: 12 October 2020", None, "2020-10-12"),
        ("Søknadsfrist: 10.11.24", None, "2024-11-10"),
        ("November 18, 2015", None, "2015-11-18"),
        ("no later than 1st of January 2021", None, "2021-01-01"),
        ("published 2024-05-01", None, "2024-05-01"),
        ("31 February 2020", None, None),
        # formats met in the EURAXESS corpus, where the card had no deadline before
        ("Deadline for applications: 2020/11/22", None, "2020-11-22"),
        ("applications received before 12 noon on 23-Nov-2020", None, "2020-11-23"),
        ("Documents should be sent by 17-12-2020 to the school", None, "2020-12-17"),
        ("accepted until 11/23/2020 via the portal", None, "2020-11-23"),  # only American can be right
        ("Deadline for applications: 30 november 2020Reference number: 3904-2020", None, "2020-11-30"),
        ("closing dates: https://melkul.research.unimelb.edu.au/2020/10/16/stem-cell", None, None),  # a URL's path
    ],
)
def test_dates(text, year, expected):
    found = parse_dates(text, default_year=year)
    assert (found[0].value if found else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The position is for a period of four years.", "4 years"),
        ("The contract is offered for a period of 18 months.", "18 months"),
        ("Length of contract: Four years, with possibility of a further contract.", "4 years"),
        ("Engasjement i to år.", "2 years"),
        ("You need minimum 3 years of experience.", None),
        ("We have 25 employees and 3 years of growth.", None),
        ("Vi søker en kinovert i 50% i et vikariat frem til 10. januar 2026.", "until 10 January 2026"),
        ("Contract type: Full-time, fixed term until 31 March 2023", "until 31 March 2023"),
        ("The contract runs until 30.06.2027.", "until 30 June 2027"),
        ("Fixed term post until January", None),  # no year: no end date
        ("The project runs until 1 May 2027.", "until 1 May 2027"),
        ("Applications are open until 1 May 2027.", None),  # not about the contract
        ("Part-time employment is possible. Applications will only be accepted until 11/23/2020.", None),
        ("Duration: Until 12/31/2020 for details see the website of the project", "until 31 December 2020"),
    ],
)
def test_duration(text, expected):
    found = parse_duration(text)
    assert (found.value if found else None) == expected


def test_work_mode_employment_and_contract_en_no():
    assert work_mode("On-site").value == "on_site" and work_mode("hybrid work").value == "hybrid"
    assert work_mode("mulighet for hjemmekontor").value == "remote" and work_mode("Tromsø") is None
    assert employment_type("Full time").value == "full_time" and employment_type("Heltid").value == "full_time"
    assert (
        employment_type("**Stillingsprosent:**40-50%").value == "part_time"
        and employment_type("50% stilling").value == "part_time"
    )
    assert employment_type("The fourth year is distributed as 25 % each year") is None
    # a heading glued to the text under it by the feed, the seam a lower-case letter then a capital
    assert employment_type("Position summaryFull-time temporary employment.").value == "full_time"
    assert employment_type("Contract termsPart-time, 50%.").value == "part_time"
    assert employment_type("A meaningfull timeline") is None  # no capital: a word, not a seam
    assert contract("vikariat frem til januar").value == "temporary" and contract("fast stilling").value == "permanent"
    assert (
        contract("a fixed-term contract").value == "fixed_term"
        and contract("The position is for a period of four years").value == "fixed_term"
    )


def test_today_only_with_a_known_posting_date():
    from datetime import date

    assert parse_dates("Søknadsfrist: i dag") == []
    assert parse_dates("Apply today", reference=date(2024, 10, 25))[0].value == "2024-10-25"


def test_money_written_with_the_symbol_after_and_single_figures_with_a_bound():
    (euros,) = parse_money("30.000€ - 45.000€ gross per year")
    assert (euros.min, euros.max, euros.currency, euros.period) == (30000, 45000, "EUR", "year")
    (stipend,) = parse_money("the stipend is £14,057pa")
    assert stipend.period == "year"
    assert parse_money("the annual basic salary will be up to £60,590.64 net of tax")[0].bound == "up to"
    assert parse_money("the monthly salary starts at 34,600 DKK")[0].bound == "from"
    assert parse_money("NOK 550,000 - 634,000")[0].bound is None


def test_work_mode_reads_home_office_refusals_and_not_remote_sensing():
    assert work_mode("Hjemmekontor ikke mulig").value == "on_site"
    assert work_mode("a PhD in remote sensing of sea ice") is None
    assert work_mode("This is a remote position").value == "remote"
    assert work_mode("tilrettelagt for mobilt kontor når det er hensiktsmessig").value == "hybrid"
    assert work_mode("Hybridkontor").value == "hybrid" and work_mode("Feilsøke elektriske og hybridbiler") is None
    assert work_mode("Vi tilbyr: Jobb hjemmefra").value == "remote"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a bound with words between it and the figure that say which pay it bounds
        ("The position offers a minimum salary of EUR 3.000.-- gross/month", (3000, None, "month")),
        ("The maximum total payment amount will be €122,592", (None, 122592, None)),
        ("Depending on seniority, the monthly salary begins around 27,590 DKK", (27590, None, "month")),
        # figures the text makes one rising range
        ("a salary increasing from € 2395 per month in the first year to € 3061 in the fourth", (2395, 3061, "month")),
        ("starting at € 2.395,-- and increasing to € 3.061", (2395, 3061, None)),
        (
            "from € 2395 per month in the first year to € 3061 in the third year and € 3217 in the fourth",
            (2395, 3217, "month"),
        ),
        # written as the corpus writes them: '.-' for no cents, a minimum and a maximum, a range rising further
        ("Salary range from € 2,325.- to € 2,972.- gross per month", (2325, 2972, "month")),
        ("a minimum of € 2,395 per month up to a maximum of € 3,061", (2395, 3061, "month")),
        ("minimum of € 2.495,- gross per month and a maximum of € 3.196,-", (2495, 3196, "month")),
        ("Salary £31,604 - £38,587 per annum, rising to £40,000", (31604, 40000, "year")),
        ("Minimum wage of € 6,500 gross", (6500, None, None)),
        ("minimum on appointment £66,482", (66482, None, None)),
        # a monthly salary paid 14 times a year
        ("The minimum full-time gross salary is 2.929,00 € (14 times per year)", (2929, None, "month")),
    ],
)
def test_money_bounds_and_rising_ranges(text, expected):
    (found,) = parse_money(text)
    low = None if found.bound == "up to" else found.min
    high = None if found.bound == "from" else found.max
    assert (low, high, found.period) == expected


@pytest.mark.parametrize(
    "text, bounds",
    [
        ("The cost deriving from this grant for a total of € 28,250.00", [None]),  # 'from' bounds no pay
        ("a full-time contract starting in December 2020/January 2021. · 23,000 euros", [None]),
        ("from £14,057 per annum to the end of the project, plus £2,000 for travel", ["from", None]),  # not rising
        ("from £14,057 per annum. Travel costs up to £2,000 are refunded", ["from", "up to"]),  # two sentences
    ],
)
def test_money_figures_not_joined_or_bounded_by_other_words(text, bounds):
    found = parse_money(text)
    assert [m.bound for m in found] == bounds
    assert all(m.min == m.max for m in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # contract words said of the job, not of a prospect, staff, housing, a committee or a thing
        ("The NMBU has a vacancy for a full-time, permanent position as an Associate Professor.", "permanent"),
        ("Public selection procedure for 1 permanent position of full professor.", "permanent"),
        ("The contract is limited to 2 years and may subject to a later decision become permanent.", None),
        ("After a positive evaluation, a conversion to permanent employment is possible.", None),
        ("PhD obtained in the last ten years, with or without a permanent position at a university.", None),
        ("The team is made up of 23 permanent staff and 11 contractual staff.", None),
        ("The actuators use rare-earth permanent magnets.", None),
        ("Applications are invited for a temporary post of a Research Assistant.", "temporary"),
        ("Doctoral researcher for a certain time period – SUBSTITUTE", "temporary"),
        ("Benefits such as temporary housing for new employees from abroad.", None),
        ("The properties of the bone substitute will be studied.", None),
        ("Ulisboa Substitute member Pedro Monteiro, Associate Professor", None),
    ],
)
def test_contract_words_said_of_the_job(text, expected):
    found = contract(text)
    assert (found.value if found else None) == expected
