"""One page of a listing from the ?page= parameter; bad or out-of-range numbers fall back, never fail."""

from django.core.paginator import Page, Paginator


class ListingPage(Page):
    @property
    def elided_page_range(self):
        """Page numbers for the pagination nav: the ends and the neighbours, with … between."""
        return self.paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1)


class ListingPaginator(Paginator):
    def _get_page(self, *args, **kwargs):
        return ListingPage(*args, **kwargs)


def page_of(request, items, per_page):
    # get_page turns junk into page 1 and numbers past either end into the last page.
    return ListingPaginator(items, per_page).get_page(request.GET.get("page"))
