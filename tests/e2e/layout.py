"""What "fits a phone" means to the browser tests: the page never scrolls sideways
and no text lies left or right of the screen.

A table or a long line that scrolls inside its own box (``overflow-x: auto``)
fits: the child scrolls that box, not the page. Its parts outside the screen are
not counted, as long as the box itself is on the screen.
"""

WIDTHS = (320, 360)
LANGUAGES = ("en", "zh-hans", "ug")

# Text-bearing elements, and lines of text, any part of which lies left or right
# of the viewport, each as tag.classes "its text" [left..right]. Lines are
# measured as well as boxes: a long word overflows a box that itself fits, and in
# a right-to-left page what overflows to the right is cut off without any
# sideways scroll.
OUTSIDE = """width => {
  const onScreen = r => r.left >= -0.5 && r.right <= width + 0.5;
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScrollBox = e => {
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) return onScreen(a.getBoundingClientRect());
    }
    return false;
  };
  // Words for screen readers only sit in a 1 px box that clips them.
  const forScreenReaders = e => {
    for (let a = e; a; a = a.parentElement) {
      const clips = getComputedStyle(a).overflowX !== 'visible';
      if (clips && a.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const name = e => [e.tagName.toLowerCase(), ...e.classList].join('.');
  const text = e => e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 30);
  const found = new Map();
  const note = (e, r) => found.set(
    e, `${name(e)} "${text(e)}" [${Math.round(r.left)}..${Math.round(r.right)}]`
  );
  for (const e of document.querySelectorAll('body *')) {
    if (!e.childElementCount && !e.textContent.trim() && e.tagName !== 'IMG') continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && !onScreen(r) && !inScrollBox(e.parentElement)) note(e, r);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const e = node.parentElement;
    if (!node.textContent.trim() || found.has(e) || e.closest('script, style, select')) continue;
    range.selectNodeContents(node);
    const r = [...range.getClientRects()].find(r => r.width > 0 && !onScreen(r));
    if (r && !inScrollBox(e) && !forScreenReaders(e)) note(e, r);
  }
  return [...found.values()];
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
