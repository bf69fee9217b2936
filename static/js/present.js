// Present mode: the lesson page itself, one part per screen in large type for a
// projector. Teacher notes never show on the projected screen; a teacher opens
// them in the presenter view, a second window kept in step with this one.
import { t } from "./i18n.js";

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

  var slides = buildSlides();
  var index = 0;
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

  function show(i, fromChannel) {
    index = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (slide, n) {
      slide.parts.forEach(function (part) {
        part.classList.toggle("is-current", n === index);
      });
      slide.notes.forEach(function (note) {
        note.classList.toggle("is-current-note", n === index);
      });
    });
    counter.textContent = index + 1 + " / " + slides.length;
    var minutes = slides[index].minutes;
    timerBox.hidden = !minutes;
    if (minutes) setTimer(minutes * 60);
    if (notesBox) renderNotes();
    if (channel && !fromChannel) channel.postMessage({ go: index });
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
    var notes = slides[index].notes;
    if (!notes.length) notesBox.appendChild(el("p", "muted", t("present.no_notes")));
    notes.forEach(function (note) { notesBox.appendChild(note.cloneNode(true)); });
    upNext.textContent = "";
    var next = slides[index + 1];
    if (next) {
      var heading = next.parts[0].querySelector("h1, h2, .block-label, p");
      upNext.textContent = t("present.up_next") + ": " + (heading ? heading.textContent.trim() : "");
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
    else if (key === "End") show(slides.length - 1);
    else if (key === "Escape" && !presenter) exit();
    else return;
    event.preventDefault();
  }

  function start(asPresenter) {
    document.body.classList.add(asPresenter ? "presenter-view" : "presenting");
    lesson.querySelector("[data-end]").hidden = false;
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
    timerBox.appendChild(button(t("present.reset"), function () { setTimer(slides[index].minutes * 60); }));
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
    show(index);
  }

  function exit() {
    stopTimer();
    document.body.classList.remove("presenting");
    lesson.querySelector("[data-end]").hidden = true;
    slides.forEach(function (s) { s.parts.forEach(function (p) { p.classList.remove("is-current"); }); });
    document.removeEventListener("keydown", onKey);
    if (bar) bar.remove();
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen();
  }

  if (channel) {
    channel.onmessage = function (message) {
      if (bar && message.data && typeof message.data.go === "number") show(message.data.go, true);
    };
  }

  if (presenter) {
    start(true);
    return;
  }
  var tools = el("p", "present-tools");
  tools.appendChild(button(t("present.present"), function () {
    if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
    start(false);
  }, "button"));
  if (lesson.querySelector('[data-kind="teacher_note"]')) {
    tools.appendChild(button(t("present.presenter"), function () {
      window.open(location.pathname + "?presenter=1", "lifeskills-presenter", "width=900,height=700");
    }, "button button--quiet"));
  }
  lesson.parentNode.insertBefore(tools, lesson);
}

var lesson = document.querySelector("article.lesson[data-lesson]");
if (lesson) presentMode(lesson);
