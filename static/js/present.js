// Present mode: the lesson page itself, one part per screen in large type for a
// projector. A part longer than the screen is shown over several pages, measured
// here in the browser at the projector's own size: a clicker walks through every
// page of a part before it leaves it, and nothing is ever cut off the screen.
// Teacher notes never show on the projected screen; a teacher opens them in the
// presenter view, a second window kept in step with this one.
import { t } from "./i18n.js";

// The smallest type a page may shrink to, in CSS pixels (the same as
// --present-floor in site.css): body text of 24 px on a 1024 × 768 projector has
// capitals about 1/45 of the screen high, still legible from the back of a
// classroom eight screen heights deep (the usual limit is 1/50). Below that a part
// goes on to another page instead.
var FLOOR = 24;
// Pieces a page is made of: a paragraph, a list item, a heading, a picture, a form.
// A page breaks between pieces, never inside one.
var PIECE = "p, li, h1, h2, h3, h4, h5, h6, dt, dd, figure, form, table, pre, blockquote, details, " +
  "img, video, audio, hr";
// Never shown on a projected page, whichever window measures it: both windows
// must count the same pieces to stay in step.
var LEFT_OUT = ".listen, script, template, style, [data-kind='teacher_note']";
// A heading (or a term) stays on the page of what it introduces.
var LEADS = "h1, h2, h3, h4, h5, h6, dt, .block-label";

function presentMode(lesson) {
  var rtl = document.documentElement.dir === "rtl";
  var presenter = new URLSearchParams(location.search).has("presenter");
  var channel = window.BroadcastChannel ? new BroadcastChannel("lifeskills-present-" + lesson.dataset.lesson) : null;
  // Parts that run on into the next slide rather than standing alone.
  var JOINS = { text: 1, image: 1, glossary: 1, audio: 1, video: 1 };

  function buildSlides() {
    var slides = [];
    var current = null;
    Array.prototype.forEach.call(lesson.children, function (el) {
      var kind = el.dataset.kind;
      if (el.hasAttribute("data-slide")) {
        current = { parts: [el], notes: [], minutes: 0 };
        slides.push(current);
      } else if (kind === "teacher_note") {
        if (current) current.notes.push(el);
      } else if (kind) {
        var startsNew = !current || !(JOINS[kind] && current.open);
        if (startsNew) {
          current = { parts: [], notes: [], minutes: 0, open: false };
          slides.push(current);
        }
        current.parts.push(el);
        current.open = kind === "heading" || !!JOINS[kind];
        if (el.dataset.minutes) current.minutes += parseInt(el.dataset.minutes, 10);
      }
    });
    return slides;
  }

  // Every piece of a slide in reading order, and every element holding pieces with
  // the range of pieces it holds: an element shows when its range meets the page.
  function collectPieces(slide) {
    slide.pieces = [];
    slide.holders = [];
    function walk(node) {
      if (node.matches(LEFT_OUT) || (node.hidden && !node.hasAttribute("data-end"))) return;
      var first = slide.pieces.length;
      if (node.matches(PIECE) || !node.children.length) slide.pieces.push(node);
      else Array.prototype.forEach.call(node.children, walk);
      if (slide.pieces.length > first) slide.holders.push({ el: node, first: first, last: slide.pieces.length - 1 });
    }
    slide.parts.forEach(walk);
  }

  // A numbered list split over pages keeps its numbers.
  function numberSteps() {
    Array.prototype.forEach.call(lesson.querySelectorAll("ol"), function (list) {
      var n = list.start || 1;
      Array.prototype.forEach.call(list.children, function (item) {
        if (item.tagName !== "LI") return;
        if (!item.hasAttribute("value")) item.value = n;
        n = item.value + 1;
      });
    });
  }

  var slides = buildSlides();
  // One entry per screen: {slide, start, end} (the pieces shown), and the type
  // size and picture height that make it fit when one piece alone is too big.
  var pages = slides.map(function (slide, n) { return { slide: n, start: 0, end: Infinity }; });
  var index = 0;
  var shownSlide = -1;
  var bar, counter, timerBox, timerText, notesBox, upNext;
  var timer = { left: 0, running: null };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, handler, className) {
    var b = el("button", className || "present-button", label);
    b.type = "button";
    b.addEventListener("click", handler);
    return b;
  }

  function showSlide(n) {
    slides.forEach(function (slide, m) {
      slide.parts.forEach(function (part) { part.classList.toggle("is-current", m === n); });
      slide.notes.forEach(function (note) { note.classList.toggle("is-current-note", m === n); });
    });
  }

  function showPieces(slide, start, end) {
    slide.holders.forEach(function (holder) {
      holder.el.classList.toggle("is-off", holder.last < start || holder.first >= end);
    });
  }

  function render(page) {
    showSlide(page.slide);
    showPieces(slides[page.slide], page.start, page.end);
    lesson.style.fontSize = page.font ? page.font + "px" : "";
    if (page.picture) lesson.style.setProperty("--present-picture", page.picture + "px");
    else lesson.style.removeProperty("--present-picture");
    var next = pages[pages.indexOf(page) + 1];
    lesson.classList.toggle("has-more", !!next && next.slide === page.slide);
    lesson.scrollTop = 0;
  }

  function overflows() {
    return lesson.scrollHeight > lesson.clientHeight + 1 || lesson.scrollWidth > lesson.clientWidth + 1;
  }

  // The first piece of a page from ``start`` that ends below ``bottom`` (a
  // distance from the top of the screen's content): it goes on the next page.
  function firstPieceBelow(slide, start, bottom) {
    var limit = lesson.getBoundingClientRect().top + parseFloat(getComputedStyle(lesson).paddingTop) + bottom;
    for (var i = start + 1; i < slide.pieces.length; i++) {
      if (slide.pieces[i].getBoundingClientRect().bottom > limit + 0.5) return i;
    }
    return slide.pieces.length;
  }

  // A slide's pages, each filled down to ``bottom`` at most.
  function split(slide, n, bottom) {
    var count = slide.pieces.length;
    var made = [];
    var start = 0;
    do {
      showPieces(slide, start, count);
      var end = Math.max(start + 1, Math.min(count, firstPieceBelow(slide, start, bottom)));
      showPieces(slide, start, end);
      while (end > start + 1 && overflows()) showPieces(slide, start, --end);
      while (end < count && end > start + 1 && keepsWithNext(slide.pieces[end - 1], slide.pieces[end])) end -= 1;
      made.push({ slide: n, start: start, end: end });
      start = end;
    } while (start < count);
    return made;
  }

  // One piece alone is too big for the screen: smaller pictures first (down to a
  // third of the screen), then smaller type (down to the floor).
  function fit(page, base) {
    var pictures = Array.prototype.filter.call(lesson.querySelectorAll("img, video"), function (p) {
      return p.offsetHeight > 0;
    });
    if (pictures.length && overflows()) {
      var tallest = Math.max.apply(null, pictures.map(function (p) { return p.offsetHeight; }));
      var lowest = Math.round(lesson.clientHeight / 3);
      page.picture = Math.max(lowest, tallest - (lesson.scrollHeight - lesson.clientHeight) - 2);
      lesson.style.setProperty("--present-picture", page.picture + "px");
    }
    var size = base;
    while (overflows() && size > FLOOR) {
      size = Math.max(FLOOR, size - 1);
      lesson.style.fontSize = size + "px";
    }
    if (size < base) page.font = size;
  }

  function paginate() {
    var here = pages[index];
    lesson.style.setProperty("--present-bar", bar.offsetHeight + "px");
    lesson.style.fontSize = "";
    lesson.style.removeProperty("--present-picture");
    lesson.scrollTop = 0;
    var base = parseFloat(getComputedStyle(lesson).fontSize);
    var style = getComputedStyle(lesson);
    var room = lesson.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    var made = [];
    slides.forEach(function (slide, n) {
      showSlide(n);
      var own = split(slide, n, room);
      if (own.length > 1) {
        // As many pages, as evenly filled as they can be: not a full page and
        // then one line alone.
        var low = 0, high = room;
        for (var step = 0; step < 7; step++) {
          var middle = (low + high) / 2;
          if (split(slide, n, middle).length > own.length) low = middle;
          else high = middle;
        }
        own = split(slide, n, high);
      }
      own.forEach(function (page) {
        showPieces(slide, page.start, page.end);
        if (overflows()) {
          fit(page, base);
          lesson.style.fontSize = "";
          lesson.style.removeProperty("--present-picture");
        }
        made.push(page);
      });
    });
    pages = made;
    index = here ? pageAt(here.slide, here.start) : 0;
  }

  // A heading does not end a page, nor does the sentence that introduces a
  // list, nor the first item of a list that goes on.
  function keepsWithNext(piece, next) {
    return piece.matches(LEADS) ||
      (piece.tagName === "P" && next.tagName === "LI" && piece.nextElementSibling === next.parentElement) ||
      (piece.tagName === "LI" && !piece.previousElementSibling && piece.nextElementSibling === next);
  }

  function pageAt(slide, piece) {
    var found = -1;
    pages.forEach(function (page, n) {
      if (page.slide === slide && (found < 0 || page.start <= piece)) found = n;
    });
    return Math.max(0, found);
  }

  function show(i, fromChannel) {
    index = Math.max(0, Math.min(pages.length - 1, i));
    var page = pages[index];
    render(page);
    counter.textContent = index + 1 + " / " + pages.length;
    if (page.slide !== shownSlide) {
      shownSlide = page.slide;
      var minutes = slides[page.slide].minutes;
      timerBox.hidden = !minutes;
      if (minutes) setTimer(minutes * 60);
      else stopTimer();
    }
    if (notesBox) renderNotes();
    if (!fromChannel) tell();
  }

  // The projector's pages go with every move, so that the presenter view shows
  // and counts the same pages as the projected screen.
  function tell(extra) {
    if (!channel) return;
    var page = pages[index];
    var message = extra || { at: [page.slide, page.start] };
    if (!presenter) {
      message.pages = pages.map(function (p) { return [p.slide, p.start, p.end]; });
    }
    channel.postMessage(message);
  }

  var pending = false;
  function repaginate() {
    if (presenter || !bar || pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      if (!bar) return;
      paginate();
      show(index);
    });
  }

  function setTimer(seconds) {
    stopTimer();
    timer.left = seconds;
    drawTimer();
  }
  function drawTimer() {
    var m = Math.floor(timer.left / 60), s = timer.left % 60;
    timerText.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    timerBox.classList.toggle("is-over", timer.left === 0);
  }
  function stopTimer() {
    if (timer.running) clearInterval(timer.running);
    timer.running = null;
    var toggle = timerBox && timerBox.querySelector("button");
    if (toggle) toggle.textContent = t("present.start");
  }
  function toggleTimer() {
    if (timer.running) return stopTimer();
    timer.running = setInterval(function () {
      if (timer.left > 0) timer.left -= 1;
      drawTimer();
      if (!timer.left) stopTimer();
    }, 1000);
  }

  function renderNotes() {
    notesBox.textContent = "";
    notesBox.appendChild(el("h2", "", t("present.notes")));
    var page = pages[index];
    var notes = slides[page.slide].notes;
    if (!notes.length) notesBox.appendChild(el("p", "muted", t("present.no_notes")));
    notes.forEach(function (note) { notesBox.appendChild(note.cloneNode(true)); });
    upNext.textContent = "";
    var next = pages[index + 1];
    if (next) {
      var nextSlide = slides[next.slide];
      var heading = next.slide === page.slide ? nextSlide.pieces[next.start]
        : nextSlide.parts[0].querySelector("h1, h2, .block-label, p");
      var text = heading ? heading.textContent.trim().replace(/\s+/g, " ") : "";
      if (text.length > 80) text = text.slice(0, 79) + "…";
      upNext.textContent = t("present.up_next") + ": " + text;
    }
  }

  function onKey(event) {
    if (event.target.closest && event.target.closest("input, select, textarea")) return;
    var forward = rtl ? "ArrowLeft" : "ArrowRight";
    var back = rtl ? "ArrowRight" : "ArrowLeft";
    var key = event.key;
    if (key === forward || key === "PageDown" || key === "ArrowDown" || key === " ") show(index + 1);
    else if (key === back || key === "PageUp" || key === "ArrowUp") show(index - 1);
    else if (key === "Home") show(0);
    else if (key === "End") show(pages.length - 1);
    else if (key === "Escape" && !presenter) exit();
    else return;
    event.preventDefault();
  }

  function start(asPresenter) {
    document.body.classList.add(asPresenter ? "presenter-view" : "presenting");
    lesson.querySelector("[data-end]").hidden = false;
    // Every picture is needed to measure the pages, not only those in view.
    Array.prototype.forEach.call(lesson.querySelectorAll("img[loading]"), function (img) { img.loading = "eager"; });
    numberSteps();
    slides.forEach(collectPieces);
    bar = el("div", "present-bar");
    bar.setAttribute("role", "toolbar");
    counter = el("span", "present-counter");
    counter.setAttribute("aria-live", "polite");
    timerBox = el("span", "present-timer");
    timerText = el("span", "present-timer__time");
    timerBox.appendChild(timerText);
    var startPause = button(t("present.start"), function () {
      toggleTimer();
      startPause.textContent = timer.running ? t("present.pause") : t("present.start");
    });
    timerBox.appendChild(startPause);
    timerBox.appendChild(button(t("present.reset"), function () { setTimer(slides[pages[index].slide].minutes * 60); }));
    bar.appendChild(button(t("present.previous"), function () { show(index - 1); }, "present-button present-prev"));
    bar.appendChild(counter);
    bar.appendChild(button(t("present.next"), function () { show(index + 1); }, "present-button present-next"));
    bar.appendChild(timerBox);
    if (!asPresenter) bar.appendChild(button(t("present.exit"), exit));
    document.body.appendChild(bar);
    if (asPresenter) {
      var side = el("aside", "presenter-side");
      upNext = el("p", "presenter-next");
      notesBox = el("div", "presenter-notes");
      side.appendChild(upNext);
      side.appendChild(notesBox);
      document.body.appendChild(side);
    }
    document.addEventListener("keydown", onKey);
    shownSlide = -1;
    if (asPresenter) {
      show(index, true);
      tell({ hello: true });
      return;
    }
    paginate();
    show(index);
  }

  function exit() {
    stopTimer();
    document.body.classList.remove("presenting");
    lesson.querySelector("[data-end]").hidden = true;
    slides.forEach(function (slide) {
      slide.parts.forEach(function (part) { part.classList.remove("is-current"); });
      (slide.holders || []).forEach(function (holder) { holder.el.classList.remove("is-off"); });
    });
    lesson.classList.remove("has-more");
    lesson.removeAttribute("style");
    document.removeEventListener("keydown", onKey);
    if (bar) bar.remove();
    bar = null;
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen();
  }

  if (channel) {
    channel.onmessage = function (message) {
      var data = message.data || {};
      if (!bar) return;
      if (data.hello) {
        if (!presenter) tell();
        return;
      }
      if (presenter && data.pages) {
        pages = data.pages.map(function (p) { return { slide: p[0], start: p[1], end: p[2] }; });
      }
      if (data.at) show(pageAt(data.at[0], data.at[1]), true);
    };
  }

  // A projector's screen changes size when it goes full screen, and a picture
  // takes its room only once it has loaded.
  window.addEventListener("resize", repaginate);
  lesson.addEventListener("load", repaginate, true);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(repaginate);

  return start;
}

// Called by offline.js when a teacher asks for present mode, or opens the
// presenter view: this script is fetched only then, not with every lesson.
var prepared = new WeakMap();

export function present(lesson, asPresenter) {
  if (!prepared.has(lesson)) prepared.set(lesson, presentMode(lesson));
  prepared.get(lesson)(asPresenter);
}
