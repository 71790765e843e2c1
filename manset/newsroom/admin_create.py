"""Wagtail's "add page" view without autosave: a new page exists once its editor saves it.

Wagtail 8 autosaves the add form too, and its first autosave creates the page: an
abandoned form left a draft behind, whose slug then refused the next article with the
same headline (the error on the hidden "Tanıtım" tab). Editing an existing page
still autosaves (WAGTAIL_AUTOSAVE_INTERVAL).
"""

from wagtail.admin.views.pages.create import CreateView


class PageCreateView(CreateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"] = False
        return context
