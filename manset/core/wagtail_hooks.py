from wagtail import hooks


@hooks.register("before_serve_page")
def name_page_type(page, request, serve_args, serve_kwargs):
    """Wagtail serves every page through one view: the request metrics label the page's
    type instead (manset.core.requestlog), a bounded set, unlike paths."""
    request.manset_page_type = page._meta.model_name
