"""/sitemap.xml lists public live pages only; /robots.txt points crawlers at it."""


def test_sitemap_lists_public_pages_only(client, standard_page, members_only_page, draft_page):
    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert "<loc>http://localhost/about/</loc>" in xml
    assert "<loc>http://localhost/</loc>" in xml
    assert "/briefing/" not in xml
    assert "/unannounced/" not in xml


def test_sitemap_leaves_out_pages_below_a_restricted_page(client, home_page, members_only_page):
    from home.models import StandardPage

    members_only_page.add_child(instance=StandardPage(title="Script", slug="script"))

    assert "/briefing/script/" not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /members/" in body
    assert "Disallow: /admin/" in body
