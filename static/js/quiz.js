// Quizzes work as plain forms; this makes them pleasanter where JavaScript runs:
// one question at a time with a progress bar, answers checked in place, and no
// accidental double submission.
import { t } from "./i18n.js";

function focusMarked(root) {
  var target = root.querySelector("[data-focus]");
  if (target) target.focus();
  return !!target;
}

function answered(fieldset) {
  var inputs = fieldset.querySelectorAll("input, select, textarea");
  var groups = {};
  for (var i = 0; i < inputs.length; i++) {
    var el = inputs[i];
    if (el.type === "hidden") continue;
    var ok = (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim() !== "";
    groups[el.name] = groups[el.name] || ok;
  }
  var names = Object.keys(groups);
  if (!names.length) return true;
  // Radios and checkboxes share one name; selects and text each have their own.
  var single = fieldset.querySelector("input[type=radio], input[type=checkbox]");
  if (single) return names.some(function (n) { return groups[n]; });
  return names.every(function (n) { return groups[n]; });
}

function stepThrough(form) {
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  if (questions.length < 2) return;
  var submit = form.querySelector(".quiz-form__submit");
  var status = document.createElement("p");
  status.className = "progress-label";
  status.setAttribute("aria-live", "polite");
  var bar = document.createElement("progress");
  bar.className = "progress";
  bar.max = questions.length;
  var nav = document.createElement("div");
  nav.className = "quiz-step-nav";
  var back = document.createElement("button");
  back.type = "button";
  back.className = "button button--quiet";
  back.textContent = t("quiz.back");
  var next = document.createElement("button");
  next.type = "button";
  next.className = "button";
  next.textContent = t("quiz.next");
  nav.appendChild(back);
  nav.appendChild(next);
  form.insertBefore(bar, questions[0]);
  form.insertBefore(status, bar);
  form.insertBefore(nav, submit);
  form.setAttribute("data-js", "");

  var errored = questions.findIndex(function (q) { return q.classList.contains("question--error"); });
  var current = errored >= 0 ? errored : 0;

  function show(index, moveFocus) {
    current = index;
    questions.forEach(function (q, i) { q.hidden = i !== index; });
    var last = index === questions.length - 1;
    back.hidden = index === 0;
    next.hidden = last;
    submit.hidden = !last;
    bar.value = index + 1;
    status.textContent = t("quiz.progress", { number: index + 1, count: questions.length });
    if (moveFocus) {
      var first = questions[index].querySelector("input, select, textarea");
      if (first) first.focus();
    }
  }

  next.addEventListener("click", function () {
    var q = questions[current];
    var note = q.querySelector(".question__error");
    if (!answered(q)) {
      if (!note) {
        note = document.createElement("p");
        note.className = "question__error";
        note.setAttribute("role", "alert");
        q.insertBefore(note, q.children[1]);
      }
      note.textContent = t("quiz.unanswered");
      return;
    }
    if (note) note.remove();
    show(current + 1, true);
  });
  back.addEventListener("click", function () { show(current - 1, true); });
  show(current, false);
}

function checkInPlace(form) {
  form.addEventListener("submit", function (event) {
    var url = form.getAttribute("action");
    if (!window.fetch || !window.DOMParser || /\/submit\/$/.test(url)) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        if (!next) throw new Error("no page");
        var main = document.querySelector("main");
        main.innerHTML = next.innerHTML;
        enhance(main);
        if (!focusMarked(main)) window.scrollTo(0, main.offsetTop);
      })
      .catch(function () { form.submit(); });
  });
}

function enhance(root) {
  var all = root.querySelectorAll("form[data-quiz-all]");
  for (var i = 0; i < all.length; i++) stepThrough(all[i]);
  var steps = root.querySelectorAll("form[data-quiz-step]");
  for (var j = 0; j < steps.length; j++) checkInPlace(steps[j]);
  var forms = root.querySelectorAll("form.quiz-form");
  for (var k = 0; k < forms.length; k++) {
    forms[k].addEventListener("submit", function (event) {
      var button = event.target.querySelector("button[type=submit]");
      if (button && button.disabled) event.preventDefault();
      else if (button) window.setTimeout(function () { button.disabled = true; }, 0);
    });
  }
}

enhance(document);
focusMarked(document);
