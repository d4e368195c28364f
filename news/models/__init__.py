"""News: one index per language, the articles under it, and their categories.

A package rather than one module: past 500 lines, one file per concern."""

from .article import (
    RELATED_COUNT,
    SHARE_IMAGE_SPEC,
    WORDS_PER_MINUTE,
    NewsPage,
    NewsPageForm,
    NewsPageRelatedLink,
    NewsPageTag,
    article_queryset,
)
from .categories import (
    NewsCategory,
    attach_categories,
    localized_categories,
    sort_key,
)
from .index import ARTICLES_PER_PAGE, FEED_LENGTH, NewsIndexPage

__all__ = [
    "ARTICLES_PER_PAGE",
    "FEED_LENGTH",
    "RELATED_COUNT",
    "SHARE_IMAGE_SPEC",
    "WORDS_PER_MINUTE",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageForm",
    "NewsPageRelatedLink",
    "NewsPageTag",
    "article_queryset",
    "attach_categories",
    "localized_categories",
    "sort_key",
]
