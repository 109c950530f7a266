"""A paginator that stops counting at a cap, so a list over a million rows never counts them all."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows; ``count_capped`` tells the page to say "more than …"."""

    cap = 2_000

    @cached_property
    def count(self) -> int:
        # Ordering (and a search's ranking) does not change a count.
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.count_capped = counted > self.cap
        return min(counted, self.cap)

    count_capped = False
