"""Present mode on a projector, the presenter view, and printed plans, handouts and guides."""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def sign_in_teacher(page, server, language="en"):
    # Signed in, the teacher goes straight on to the modules in the language
    # they signed in from.
    page.goto(f"{server}/{language}/accounts/login/?next=/{language}/modules/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "lifeskills-teacher")
    # Wait for the signed-in page itself: a goto() racing the sign-in POST
    # can be cancelled by it.
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


@pytest.fixture
def new_context(browser):
    """Browser contexts closed after the test, whether it passed or not."""
    made = []

    def new(**options):
        made.append(browser.new_context(**options))
        return made[-1]

    yield new
    for context in made:
        context.close()


def counter(page):
    return page.locator(".present-counter").inner_text()


@pytest.mark.parametrize(
    ("language", "forward", "back"),
    [("en", "ArrowRight", "ArrowLeft"), ("ug", "ArrowLeft", "ArrowRight")],
)
def test_present_mode_with_the_keyboard_and_a_presenter_view(
    server, new_context, screenshot, language, forward, back
):
    context = new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    sign_in_teacher(page, server, language)
    page.goto(f"{server}/{language}/modules/safe-migration/")
    page.locator(".step a").first.click()
    page.wait_for_load_state()
    lesson_url = page.url
    # The teacher sees the notes on the normal page...
    assert page.locator('[data-kind="teacher_note"]').first.is_visible()
    page.locator(".present-tools .button").first.click()
    total = int(counter(page).split("/")[1])
    assert counter(page).startswith("1 /") and total >= 6
    # ...but never on the projected screen, whatever part is shown.
    for _ in range(total):
        assert page.locator('[data-kind="teacher_note"]:visible').count() == 0
        assert page.locator(".site-header").is_hidden()
        page.keyboard.press(forward)
    assert counter(page) == f"{total} / {total}"
    assert page.locator("[data-end]").is_visible()  # the last part ends the lesson
    screenshot(page, f"present-end-{language}-1280")
    page.keyboard.press("Home")
    page.keyboard.press("PageDown")  # a presentation clicker
    page.keyboard.press(" ")
    assert counter(page).startswith("3 /")
    page.keyboard.press("PageUp")
    page.keyboard.press(back)
    assert counter(page).startswith("1 /")
    page.locator(".present-next").click()  # the on-screen button
    assert counter(page).startswith("2 /")
    screenshot(page, f"present-{language}-1280")

    # The presenter view, in a second window, opens where the projected screen is,
    # counts the same pages, shows the notes and keeps in step.
    presenter = context.new_page()
    presenter.goto(lesson_url + "?presenter=1")
    presenter.locator(".presenter-notes").wait_for()  # present.js comes when asked for
    assert presenter.locator(".presenter-notes").is_visible()
    presenter.wait_for_function(
        "(shown) => document.querySelector('.present-counter').textContent === shown",
        arg=counter(page),
    )
    presenter.locator(".present-next").click()
    page.wait_for_function(
        "() => document.querySelector('.present-counter').textContent.startsWith('3 /')"
    )
    presenter.keyboard.press(forward)
    page.wait_for_function(
        "() => document.querySelector('.present-counter').textContent.startsWith('4 /')"
    )
    page.keyboard.press("Home")
    presenter.wait_for_function(
        "() => document.querySelector('.present-counter').textContent.startsWith('1 /')"
    )
    assert presenter.locator(".presenter-notes .block-teacher").count() >= 1
    screenshot(presenter, f"presenter-view-{language}-1280")


# The smallest type on a projected slide, as present.js's FLOOR: 24 px body text on
# a 1024 x 768 projector can still be read from the back of a classroom.
FLOOR_PX = 24
PROJECTORS = [(1024, 768), (1280, 720)]
FORWARD = {"en": "ArrowRight", "zh-hans": "ArrowRight", "ug": "ArrowLeft"}

# Waits until the slide's pictures and fonts are in (present.js measures its pages
# again when they arrive), then marks every block of the lesson and every element
# with text of its own that the class should see, to check that each is shown.
PREPARE = """async () => {
  const lesson = document.querySelector('article.lesson');
  const loading = Array.from(lesson.querySelectorAll('img')).filter(img => !img.complete);
  await Promise.all(loading.map(img => new Promise(done => {
    img.addEventListener('load', done);
    img.addEventListener('error', done);
  })));
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const left = '[data-kind="teacher_note"], .listen, audio, video, select, script, template';
  let texts = 0;
  for (const element of lesson.querySelectorAll('*')) {
    if (element.closest(left)) continue;
    if (Array.from(element.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) {
      element.dataset.presentText = texts++;
    }
  }
  let blocks = 0;
  for (const block of lesson.children) {
    if (block.dataset.kind !== 'teacher_note') block.dataset.presentBlock = blocks++;
  }
  return { texts, blocks };
}"""

# One look at the projected slide: what does not fit, what is too small, what shows.
MEASURE = """(floor) => {
  const lesson = document.querySelector('article.lesson');
  const bottom = document.querySelector('.present-bar').getBoundingClientRect().top;
  const right = document.documentElement.clientWidth;
  const problems = [];
  const name = e => `<${e.tagName.toLowerCase()}> "${(e.textContent || '').trim().slice(0, 40)}"`;
  const spills = e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1;
  if (spills(lesson)) {
    problems.push(`the slide scrolls: ${lesson.scrollHeight}px for ${lesson.clientHeight}px`);
  }
  const texts = new Set(), blocks = new Set();
  for (const e of lesson.querySelectorAll('*')) {
    const box = e.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden') continue;
    if (e.closest('[data-kind="teacher_note"]')) problems.push(`a teacher note shows: ${name(e)}`);
    if (box.left < -1 || box.right > right + 1 || box.top < -1 || box.bottom > bottom + 1) {
      const edges = [box.left, box.top, box.right, box.bottom].map(Math.round);
      problems.push(`off the screen: ${name(e)} at ${edges}`);
    }
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      if (spills(e)) problems.push(`cut off inside: ${name(e)}`);
    }
    if (e.dataset.presentText !== undefined) {
      texts.add(Number(e.dataset.presentText));
      if (parseFloat(style.fontSize) < floor) problems.push(`${style.fontSize} text: ${name(e)}`);
    }
    if (e.dataset.presentBlock !== undefined) blocks.add(Number(e.dataset.presentBlock));
  }
  return {
    counter: document.querySelector('.present-counter').textContent,
    end: !!lesson.querySelector('[data-end]').offsetHeight,
    problems, texts: [...texts], blocks: [...blocks],
  };
}"""


_starter_lessons = {}


def starter_lessons(page, server, language):
    """Every lesson of every module, as a teacher finds them on the module pages."""
    if language in _starter_lessons:
        return _starter_lessons[language]
    page.goto(f"{server}/{language}/modules/")
    modules = page.eval_on_selector_all(".card__link", "links => links.map(a => a.href)")
    lessons = []
    for module in modules:
        page.goto(module)
        # A quiz is labelled as one; a lesson is not.
        lessons += page.eval_on_selector_all(
            ".step",
            "steps => steps.filter(s => !s.querySelector('.step__kind'))"
            ".map(s => s.querySelector('a').href)",
        )
    _starter_lessons[language] = modules, lessons
    return modules, lessons


@pytest.mark.screen_geometry
@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
@pytest.mark.parametrize(("width", "height"), PROJECTORS)
def test_every_slide_of_every_starter_lesson_fits_a_projector(
    server, new_context, screenshot, language, width, height
):
    context = new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in_teacher(page, server, language)
    modules, lessons = starter_lessons(page, server, language)
    assert len(modules) >= 8 and len(lessons) >= 2 * len(modules)
    # A clicker's keys, and the arrow that goes forward in the language's direction.
    keys = ["PageDown", FORWARD[language], " "]
    failures = []
    slides = 0
    for url in lessons:
        where = f"{language} {width}x{height} {url.split('/modules/')[1]}"
        page.goto(url)
        page.locator(".present-tools .button").first.click()
        page.locator(".present-counter").wait_for()  # present.js comes when asked for
        marked = page.evaluate(PREPARE)
        texts, blocks = set(), set()
        total = None
        for press in range(500):
            slide = page.evaluate(MEASURE, FLOOR_PX)
            slides += 1
            shown, total = (int(n) for n in slide["counter"].split(" / "))
            failures += [f"{where} slide {shown}/{total}: {p}" for p in slide["problems"]]
            if url == lessons[0] and width == 1024:
                screenshot(page, f"present-pages-{language}-1024-{shown:02d}")
            texts.update(slide["texts"])
            blocks.update(slide["blocks"])
            if shown == total:
                break
            page.keyboard.press(keys[press % len(keys)])
        if not slide["end"]:
            failures.append(f"{where}: the last press does not reach the end of the lesson")
        missing = marked["texts"] - len(texts)
        if missing or len(blocks) < marked["blocks"]:
            unseen = page.evaluate(
                "(seen) => Array.from(document.querySelectorAll('[data-present-text]'))"
                ".filter(e => !seen.includes(Number(e.dataset.presentText)))"
                ".map(e => e.textContent.trim().slice(0, 50))",
                list(texts),
            )
            failures.append(
                f"{where}: {len(blocks)} of {marked['blocks']} parts and "
                f"{len(texts)} of {marked['texts']} texts shown; never shown: {unseen[:5]}"
            )
    print(f"{language} {width}x{height}: {len(lessons)} lessons, {slides} slides")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:60])


def test_an_activity_part_has_a_timer(server, new_context):
    context = new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.clock.install()
    page.goto(f"{server}/en/modules/safe-migration/")
    page.locator(".step a").first.click()
    page.locator(".present-tools .button").first.click()
    page.locator(".present-counter").wait_for()  # present.js comes when asked for
    while not page.locator(".present-timer").is_visible():
        page.keyboard.press("ArrowRight")
    assert page.locator('.lesson-block.is-current[data-kind="activity"]').count() == 1
    start = page.locator(".present-timer__time").inner_text()
    page.locator(".present-timer button").first.click()
    page.clock.run_for(65_000)
    running = page.locator(".present-timer__time").inner_text()
    assert running != start
    # The activity goes on over more than one page: the timer keeps running on
    # them, and stops only when the activity is over.
    page.keyboard.press("ArrowRight")
    assert page.locator('.lesson-block.is-current[data-kind="activity"]').count() == 1
    page.clock.run_for(2_000)
    assert page.locator(".present-timer__time").inner_text() < running
    while page.locator('.lesson-block.is-current[data-kind="activity"]').count():
        page.keyboard.press("ArrowRight")
    assert not page.locator(".present-timer").is_visible()


def pdf_of(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    # Nothing may stick out past the printable width (A4 less the page margins).
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll('main *')).filter(e => {
             const r = e.getBoundingClientRect();
             return r.width && (r.right > document.documentElement.clientWidth + 1 || r.left < -1);
           }).length"""
    )
    direction = page.locator("html").get_attribute("dir")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # NFKC undoes the ligatures ("ﬃ") that PDF text extraction keeps.
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    return len(reader.pages), text, overflow, direction


@pytest.mark.parametrize(
    ("language", "sample"),
    [("en", "trafficking"), ("zh-hans", "拐卖"), ("ug", "ئادەم")],
)
def test_printed_plan_handout_and_guide(server, new_context, language, sample):
    # Printing has nothing to do with the service worker, which the module page
    # installs and which then takes over navigations: twice in CI a click on a
    # lesson link here waited 30 s for a navigation that never started while
    # it did (Playwright's experimental service-worker routing is on for the
    # offline tests). The offline tests cover the service worker.
    context = new_context(
        viewport={"width": A4_WIDTH_PX - 110, "height": 1000}, service_workers="block"
    )
    page = context.new_page()
    sign_in_teacher(page, server, language)
    page.goto(f"{server}/{language}/modules/safe-migration/")
    with page.expect_navigation():
        page.locator(".step a").first.click()
    lesson_id = page.locator("article.lesson").get_attribute("data-lesson")
    module_id = re.search(r"/modules/(\d+)/guide/", page.content()).group(1)
    base = f"{server}/{language}/print"
    expected_dir = "rtl" if language == "ug" else "ltr"
    for name, url, low, high in (
        ("handout", f"{base}/lessons/{lesson_id}/handout/", 1, 1),
        ("plan", f"{base}/lessons/{lesson_id}/plan/", 1, 5),
        ("guide", f"{base}/modules/{module_id}/guide/", 4, 20),
    ):
        pages, text, overflow, direction = pdf_of(page, url)
        assert low <= pages <= high, f"{name} {language}: {pages} pages"
        assert overflow == 0, f"{name} {language}: {overflow} elements cut at the page edge"
        assert direction == expected_dir
        assert sample in text, f"{name} {language}: text missing from the PDF"
        if name == "guide":
            assert "110" in text
