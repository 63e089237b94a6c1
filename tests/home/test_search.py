"""/search/: public live pages only, ten a page, and no input makes it fail."""

import pytest

from home.models import StandardPage


@pytest.fixture
def many_pages(home_page):
    return [
        home_page.add_child(instance=StandardPage(title=f"Canvassing guide {number}", slug=f"guide-{number}"))
        for number in range(1, 24)
    ]


def test_finds_a_public_page(client, standard_page):
    response = client.get("/search/", {"q": "forty years"})

    assert response.status_code == 200
    assert "About Sam" in response.content.decode()
    assert 'href="/about/"' in response.content.decode()


def test_members_only_page_is_not_found_by_visitors_or_supporters(client, supporter, members_only_page, standard_page):
    anonymous = client.get("/search/", {"q": "Canvassing"}).content.decode()
    client.force_login(supporter)
    logged_in = client.get("/search/", {"q": "Canvassing"}).content.decode()

    assert "No results" in anonymous
    assert "Members briefing" not in anonymous
    assert "No results" in logged_in
    assert "Members briefing" not in logged_in


def test_staff_find_members_only_pages(client, editor, members_only_page):
    client.force_login(editor)

    assert "Members briefing" in client.get("/search/", {"q": "Canvassing"}).content.decode()


def test_draft_is_not_found(client, draft_page, editor):
    assert "Unannounced policy" not in client.get("/search/", {"q": "Canvassing"}).content.decode()
    client.force_login(editor)
    assert "Unannounced policy" not in client.get("/search/", {"q": "Canvassing"}).content.decode()


def test_results_come_ten_a_page(client, many_pages):
    first = client.get("/search/", {"q": "Canvassing"}).content.decode()
    third = client.get("/search/", {"q": "Canvassing", "page": "3"}).content.decode()

    assert "23 results" in first
    assert first.count('<li class="mb-3">') == 10
    assert "Page 1 of 3" in first
    assert 'rel="next"' in first
    assert third.count('<li class="mb-3">') == 3
    assert "Page 3 of 3" in third
    assert 'rel="next"' not in third


@pytest.mark.parametrize(
    ("page_param", "shown"),
    [
        ("abc", "Page 1 of 3"),
        ("-1", "Page 3 of 3"),
        ("99999", "Page 3 of 3"),
        ("", "Page 1 of 3"),
        ("1.5", "Page 1 of 3"),
    ],
)
def test_bad_page_numbers_show_the_first_or_last_page(client, many_pages, page_param, shown):
    response = client.get("/search/", {"q": "Canvassing", "page": page_param})

    assert response.status_code == 200
    assert shown in response.content.decode()


def test_empty_query_shows_the_form_and_no_results(client, standard_page):
    response = client.get("/search/", {"q": "   "})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html
    assert "result" not in html.lower().replace("search results pages", "")


@pytest.mark.parametrize(
    ("query", "echoed"),
    [
        ("forty " * 2000, "forty forty"),
        ("'; DROP TABLE wagtailcore_page; --", "&#x27;; DROP TABLE wagtailcore_page; --"),
        ("Straße Łódź 東京 🚌", "Straße Łódź 東京 🚌"),
        ("forty\x00years", "forty years"),
        ("\x00\x01\x1f", None),
        ('<script>alert("x")</script>', "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
        ('OR AND NOT ( ) " * : & | !', None),
    ],
    ids=["10000-chars", "sql", "unicode", "nul-inside", "only-controls", "html", "operators"],
)
def test_any_query_gets_an_answer_not_an_error(client, standard_page, query, echoed):
    response = client.get("/search/", {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Search</h1>" in html
    assert "<script>alert" not in html
    if echoed:
        assert echoed in html


def test_long_query_is_cut_to_200_characters(client, standard_page):
    response = client.get("/search/", {"q": "x" * 10_000})

    assert response.context["query"] == "x" * 200


def test_search_rejects_post(client):
    assert client.post("/search/", {"q": "buses"}).status_code == 405


def test_staff_results_are_never_shown_to_visitors(client, editor, members_only_page):
    client.force_login(editor)
    staff = client.get("/search/", {"q": "Canvassing"}).content.decode()
    client.logout()
    visitor = client.get("/search/", {"q": "Canvassing"}).content.decode()

    assert "Members briefing" in staff
    assert "Members briefing" not in visitor


def test_a_page_published_after_a_search_is_found_by_the_next_one(client, home_page, standard_page):
    before = client.get("/search/", {"q": "Canvassing"}).content.decode()
    draft = home_page.add_child(instance=StandardPage(title="Canvassing this weekend", slug="weekend", live=False))
    draft.save_revision().publish()
    after = client.get("/search/", {"q": "Canvassing"}).content.decode()

    assert "Canvassing this weekend" not in before
    assert "Canvassing this weekend" in after
