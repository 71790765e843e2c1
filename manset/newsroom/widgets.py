"""Admin widgets of the newsroom's forms."""

from django import forms

from manset import turkish


class AuthorPicker(forms.CheckboxSelectMultiple):
    """The article's authors: a search box over the list, filtering it as the editor types.

    Matching is Turkish-insensitive ("kadir" finds "Kadır", "ozlem" "Özlem"): each option
    carries its name folded by manset.turkish; the script folds what is typed the same way.
    Ticked authors stay in sight whatever the search.
    """

    template_name = "newsroom/widgets/author_picker.html"

    class Media:
        js = ["newsroom/author-picker.js"]
        css = {"all": ["newsroom/author-picker.css"]}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-search"] = turkish.fold(str(label))
        return option
