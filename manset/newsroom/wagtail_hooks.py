from wagtail.snippets.models import register_snippet

from manset.newsroom.models import Author

register_snippet(Author)
