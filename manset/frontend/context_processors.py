from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The desk menu, queried only when a template shows it."""
    from manset.newsroom.selectors import desk_list

    return {"desk_nav": SimpleLazyObject(desk_list)}
