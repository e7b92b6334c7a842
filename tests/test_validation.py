"""Validation of the values employers carry."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipscrm.validation import (
    InvalidValue,
    check_email,
    check_municipality_number,
    check_organisation_number,
    check_postcode,
    check_url,
    is_valid_organisation_number,
    normalise_name,
    orgnr_check_digit,
)


@pytest.mark.parametrize("number", ["974760673", "810034882", "988077917", "123456785"])
def test_valid_organisation_numbers(number):
    assert check_organisation_number(number) == number


def test_spaces_in_organisation_number_are_accepted():
    assert check_organisation_number("974 760 673") == "974760673"


def test_wrong_check_digit_says_so():
    with pytest.raises(InvalidValue) as err:
        check_organisation_number("123456789")
    assert "wrong check digit" in str(err.value)
    assert "123456789" in str(err.value)


@pytest.mark.parametrize("number", ["12345678", "1234567890", "abcdefghi", ""])
def test_malformed_organisation_numbers(number):
    with pytest.raises(InvalidValue) as err:
        check_organisation_number(number)
    assert "9 digits" in str(err.value)


def test_remainder_one_has_no_valid_check_digit():
    # 3*1+2*0+... constructed so that the weighted sum mod 11 is 1
    first = next(
        f"{n:08d}" for n in range(10_000_000, 10_100_000) if orgnr_check_digit(f"{n:08d}") is None
    )
    for last in "0123456789":
        assert not is_valid_organisation_number(first + last)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_exactly_one_check_digit_is_valid(n):
    first = f"{n:08d}"
    valid = [d for d in "0123456789" if is_valid_organisation_number(first + d)]
    assert len(valid) == (0 if orgnr_check_digit(first) is None else 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0301", "0301"), ("301", "0301"), (301, "0301"), ("5003", "5003"), ("150.0", "0150")],
)
def test_postcodes_keep_or_regain_leading_zeros(raw, expected):
    assert check_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "03O1", "", "abcd", "-301"])
def test_bad_postcodes(raw):
    with pytest.raises(InvalidValue):
        check_postcode(raw)


def test_municipality_number():
    assert check_municipality_number("301") == "0301"
    with pytest.raises(InvalidValue, match="Municipality number"):
        check_municipality_number("03011")


@pytest.mark.parametrize(
    "email", ["kari@nav.no", "ola.nordmann+crm@bedrift.example.no", "post@bøler.no"]
)
def test_good_emails(email):
    assert check_email(email) == email


@pytest.mark.parametrize(
    "email", ["kari", "kari@", "@nav.no", "kari@nav", "kari nordmann@nav.no", "<script>@x.no"]
)
def test_bad_emails(email):
    with pytest.raises(InvalidValue, match="e-mail"):
        check_email(email)


def test_urls_get_a_scheme():
    assert check_url("www.rema.no") == "https://www.rema.no"
    assert check_url("http://example.no/jobb?x=1") == "http://example.no/jobb?x=1"
    with pytest.raises(InvalidValue):
        check_url("not a url")
    with pytest.raises(InvalidValue):
        check_url("javascript:alert(1)")


def test_normalised_names_ignore_case_punctuation_and_company_form():
    assert normalise_name("Bakeriet på Torget AS") == normalise_name("BAKERIET PÅ TORGET")
    assert normalise_name("Rema 1000 Tøyen") != normalise_name("Rema 1000 Grønland")
