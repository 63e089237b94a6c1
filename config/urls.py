"""The site's URL map: admin, accounts, webhooks and apps first; Wagtail's page tree last."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import routing as home_routing
from home import views as home_views
from members.people.admin import views as people_admin_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("search/", home_views.search, name="search"),
    # Staff sign in through allauth, which asks for their second factor (members.people admin).
    path("admin/login/", people_admin_views.admin_sign_in, name="people_admin_sign_in"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("news/", include("blog.urls")),
    # People and accounts: allauth, one-click unsubscribe, recruiter links.
    path("accounts/", include("allauth.urls")),
    path("", include("members.people.urls")),
    # Members' portal: profile, my data, deletion (Django views); /members/ itself is a Wagtail page.
    path("members/", include("members.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Pages: Wagtail's serve view with its site, route and view-restriction lookups remembered
    # (home.routing). Wagtail's own pattern, so it wins the same URLs, except Wagtail's _util/ views.
    re_path(r"^(?!_util/)" + wagtail_urls.serve_pattern.removeprefix("^"), home_routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
