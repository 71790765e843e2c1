"""The newsroom pages' admin forms: Turkish slugs, and the writer as the new article's author."""

from wagtail.admin.forms import WagtailAdminPageForm

from manset.newsroom.embargo import ArticlePageForm
from manset.newsroom.slugs import slug_for_page


class NewsroomPageForm(WagtailAdminPageForm):
    """Shows and saves the slug in Manşet's spelling (the model would normalise it anyway;
    here the editor sees it, and a clash the normalising made gets a suffix, not an error)."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if not slug or parent is None:
            return slug
        normal = slug_for_page(self.instance, slug=slug, parent=parent)
        if normal != slug:
            # Re-rendered after an error, the form shows the slug that will be saved.
            self.data = self.data.copy()
            self.data[self.add_prefix("slug")] = normal
        return normal


class ArticleAdminForm(NewsroomPageForm, ArticlePageForm):
    """The article form: the embargo check (ArticlePageForm) and the writer's own byline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._default_authors()

    def _default_authors(self):
        """A new article starts with its writer's author profile ticked."""
        field = self.fields.get("authors")
        user = self.for_user
        if field is None or self.is_bound or self.instance.pk or user is None:
            return
        if self.initial.get("authors"):
            return
        own = list(field.queryset.filter(user_id=user.pk).values_list("pk", flat=True)[:1])
        if own:
            self.initial["authors"] = own
