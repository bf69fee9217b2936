"""What "fits a phone" means to the browser tests: the page never scrolls sideways
and no text lies left or right of the screen.

A table or a long line that scrolls inside its own box (``overflow-x: auto``)
fits: the child scrolls that box, not the page. Its parts outside the screen are
not counted, as long as the box itself is on the screen.
"""

WIDTHS = (320, 360)
LANGUAGES = ("en", "zh-hans", "ug")

# Text-bearing elements any part of which lies left or right of the viewport,
# each as tag.classes "its text" [left..right].
OUTSIDE = """width => {
  const onScreen = r => r.left >= -0.5 && r.right <= width + 0.5;
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScrollBox = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) return onScreen(a.getBoundingClientRect());
    }
    return false;
  };
  const name = e => [e.tagName.toLowerCase(), ...e.classList].join('.');
  const text = e => e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 30);
  return [...document.querySelectorAll('body *')].filter(e => {
    if (!e.childElementCount && !e.textContent.trim() && e.tagName !== 'IMG') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && !onScreen(r) && !inScrollBox(e);
  }).map(e => {
    const r = e.getBoundingClientRect();
    return `${name(e)} "${text(e)}" [${Math.round(r.left)}..${Math.round(r.right)}]`;
  });
}"""


def misfits(page, width):
    """What sticks out of the page at ``width``: short descriptions, none when it fits."""
    problems = []
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > min(width, inner_width):
        problems.append(f"scrolls sideways ({scroll_width} px wide)")
    outside = page.evaluate(OUTSIDE, width)
    if outside:
        more = f"; and {len(outside) - 4} more" if len(outside) > 4 else ""
        shown = "; ".join(outside[:4]) + more
        problems.append(f"text outside the screen: {shown}")
    return problems


def assert_fits(page, width, what):
    problems = misfits(page, width)
    assert not problems, f"{what} at {width} px: " + " / ".join(problems)


class Survey:
    """Measures many pages at every width and gathers what does not fit, so that one
    assertion lists every failing page rather than stopping at the first."""

    def __init__(self, language, widths=WIDTHS, height=740):
        self.language = language
        self.widths = widths
        self.height = height
        self.failures = []
        self.pages = []

    def check(self, page, what):
        """Measure the page as it is now at each width."""
        self.pages.append(what)
        # Start at the width the page has: one resize fewer.
        current = page.viewport_size["width"]
        for width in sorted(self.widths, key=lambda w: w != current):
            if width != current:
                page.set_viewport_size({"width": width, "height": self.height})
            for problem in misfits(page, width):
                self.failures.append(f"{self.language} {width} px, {what}: {problem}")

    def assert_all_fit(self):
        assert not self.failures, (
            f"{len(self.failures)} misfits in {self.language} "
            f"(of {len(self.pages)} pages checked):\n" + "\n".join(self.failures)
        )
