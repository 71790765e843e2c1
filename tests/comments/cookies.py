"""The signed cookie of a reader's own comments, as the comment views set it: what a
browser that posted those comments holds."""

import json

from django.core import signing

from manset.comments.views import OWN_COOKIE, OWN_SALT


def own_comments_cookie(ids) -> str:
    """The cookie's value for these comment ids (signed as set_signed_cookie signs it)."""
    return signing.get_cookie_signer(salt=OWN_COOKIE + OWN_SALT).sign(json.dumps(list(ids)))


def hold_own_comments(client, ids) -> None:
    """Give the test client's browser the signed cookie of these comments."""
    client.cookies[OWN_COOKIE] = own_comments_cookie(ids)
