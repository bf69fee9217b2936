"""What "the pictures load" means to the browser tests."""

# A picture has loaded when the browser holds it whole and knows its size; a
# broken one is complete with no width. Not ``HTMLImageElement.decode()``:
# Chromium rejects it ("The source image cannot be decoded") for a lazy picture
# that had already loaded whole, 320 px wide, when the request was checked.
LOADED = "i => i.complete && i.naturalWidth > 0"


def assert_pictures_load(page, selector="main img"):
    """Every picture under ``selector`` has alt text (or is marked decorative) and loads."""
    for image in page.locator(selector).all():
        assert image.get_attribute("alt") is not None
        image.scroll_into_view_if_needed()
        source = image.get_attribute("src")
        # Complete means loaded or broken: which one is asserted next.
        page.wait_for_function("i => i.complete", arg=image.element_handle(), timeout=15_000)
        assert image.evaluate(LOADED), f"{source} did not load on {page.url}"
