"""Roles, scopes and who is looking: the roles file, header parsing, the proxy secret, OIDC claims."""

import pytest

from lib.core.identity import header_text, identity_from_claims, identity_from_headers, single_user
from lib.core.roles import AccessDenied, Identity, RolesError, parse_roles, require
from lib.core.settings import IdentityHeaders

ROLES = parse_roles(
    b"""
[users."zhang.san"]
role = "analyst"
scope = "440000"

[groups."publishers"]
role = "publisher"

[groups."gd-staff"]
role = "viewer"
scope = "440000"

[groups."admins"]
role = "admin"
"""
)
NAMES = IdentityHeaders()


def headers(user="zhang.san", groups="", secret="s"):
    return {"x-remote-user": user, "X-Remote-Name": "张三", "X-REMOTE-GROUPS": groups, "X-Proxy-Secret": secret}


def test_roles_include_the_ones_before_them():
    analyst = Identity("a", "a", role="analyst")
    assert analyst.can("upload") and analyst.can("view") and not analyst.can("publish")
    assert Identity("p", "p", role="publisher").can("upload") and not Identity("p", "p", role="publisher").can("admin")
    with pytest.raises(AccessDenied):
        require(Identity("v", "v"), "upload")


def test_a_users_entry_wins_then_the_highest_group_then_viewer():
    assert ROLES.resolve("zhang.san", ("admins",))[0].role == "analyst"
    rule, source = ROLES.resolve("li.si", ("gd-staff", "publishers"))
    assert (rule.role, rule.scope, source) == ("publisher", "national", "group:publishers")
    assert ROLES.resolve("nobody")[0].role == "viewer" and ROLES.resolve("nobody")[1] == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'[users."x"]\nrole = "boss"\n', "role"),
        (b'[users."x"]\nrole = "viewer"\nscope = "guangdong"\n', "scope"),
        (b"[people]\n", "section"),
        (b"[users\n", "TOML"),
    ],
)
def test_a_bad_roles_file_names_the_entry(text, message):
    with pytest.raises(RolesError) as error:
        parse_roles(text, "roles.toml")
    assert message in error.value.text("en") and "roles.toml" in error.value.text("en")


def test_headers_are_case_insensitive_and_map_to_a_role_and_scope():
    person = identity_from_headers(headers(), NAMES, ROLES, secret="s")
    assert (person.user_id, person.name, person.role, person.scope, person.signed_in) == (
        "zhang.san",
        "张三",
        "analyst",
        "440000",
        True,
    )
    groups = identity_from_headers(headers("li.si", " gd-staff , publishers"), NAMES, ROLES, secret="s")
    assert groups.groups == ("gd-staff", "publishers") and groups.role == "publisher"


def test_without_the_proxys_secret_identity_headers_are_ignored():
    for secret in ("", "wrong", "S"):
        person = identity_from_headers(headers(groups="admins", secret=secret), NAMES, ROLES, secret="s")
        assert not person.signed_in and person.role == "viewer"
    assert identity_from_headers(headers(), NAMES, ROLES).signed_in  # no secret configured: not checked


def test_no_user_header_is_an_anonymous_viewer_and_header_names_can_be_changed():
    assert not identity_from_headers({}, NAMES, ROLES).signed_in
    custom = IdentityHeaders(user="Remote-User", name="Remote-Name", groups="Remote-Groups")
    assert identity_from_headers({"remote-user": "zhang.san"}, custom, ROLES).role == "analyst"


def test_header_values_in_utf8_or_percent_encoding_are_read_as_written():
    assert header_text("张三".encode().decode("latin-1")) == "张三"  # UTF-8 bytes read as Latin-1 by the server
    assert header_text("%E5%BC%A0%E4%B8%89") == "张三"
    assert header_text("evil\x00\nname") == "evilname" and header_text(None) == ""


def test_oidc_claims_and_the_single_user():
    person = identity_from_claims({"email": "a@b.cn", "name": "王五", "groups": ["admins"]}, ROLES)
    assert (person.user_id, person.name, person.role, person.mode) == ("a@b.cn", "王五", "admin", "oidc")
    assert not identity_from_claims({}, ROLES).signed_in
    assert single_user().role == "analyst" and single_user().mode == "none"


@pytest.mark.parametrize(
    "look_alike",
    [
        "zhang.san ",  # a trailing space
        " zhang.san",
        "zhang.san\u200b",  # a zero-width space
        "zhang\u00adsan",  # a soft hyphen
        "zhang.san\x00",
        "zhang.san\n",
        "zhang.san\u202e",  # a right-to-left override
        "zhang.san\u3000",  # an ideographic space
        "zhang.san" + "x" * 300,  # too long: refused, never cut
        "z\xe9",  # Latin-1 bytes that are not UTF-8 (could be read as two texts)
    ],
)
def test_a_look_alike_id_is_refused_never_folded_into_another(look_alike, caplog):
    with caplog.at_level("WARNING", logger="lib.core.identity"):
        person = identity_from_headers(headers(look_alike), NAMES, ROLES, secret="s")
    assert not person.signed_in and person.role == "viewer" and person.user_id != "zhang.san"
    assert "identity refused" in caplog.text


def test_ids_are_kept_exactly_as_sent_and_long_ones_are_not_cut():
    for user_id in ("%7A%68ang.san", "a b", "王五", "x" * 200):
        person = identity_from_headers(headers(user_id), NAMES, ROLES, secret="s")
        assert person.user_id == user_id and person.signed_in and person.role == "viewer"
    first = identity_from_headers(headers("y" * 200 + "1"), NAMES, ROLES, secret="s")
    second = identity_from_headers(headers("y" * 200 + "2"), NAMES, ROLES, secret="s")
    assert not first.signed_in and not second.signed_in
    assert identity_from_headers(headers("王五".encode().decode("latin-1")), NAMES, ROLES, secret="s").user_id == "王五"
    # a group that looks like another does not give its role
    admin_ish = identity_from_headers(headers("li.si", "admins\u200b,%61dmins"), NAMES, ROLES, secret="s")
    assert admin_ish.role == "viewer" and admin_ish.groups == ("%61dmins",)


def test_oidc_ids_are_refused_the_same_way():
    for claim in ("a@b.cn ", "a@b.cn\u200b", "a" * 201):
        assert not identity_from_claims({"email": claim, "groups": ["admins"]}, ROLES).signed_in
