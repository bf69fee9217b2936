// A downloaded quiz, taken with or without a connection: scored on the phone by
// scoring.js with the server's rules, every answer explained, and the attempt
// saved under its own client id until it can be sent. The server scores it
// again and keeps its own score.
import { format, t } from "./i18n.js";
import * as O from "./offline.js";
import { formAnswer, score, scoreQuestion } from "./scoring.js";

function downloadedQuiz(form) {
  function percentOf(points) {
    var exact = points[0] * 100 / points[1];
    var floor = Math.floor(exact);
    if (points[0] * 200 % points[1] === 0 && (points[0] * 200 / points[1]) % 2 === 1) {
      return floor % 2 === 0 ? floor : floor + 1;  // as Python rounds halves: to even
    }
    return Math.round(exact);
  }

  // The result is built from the server's own result partials, kept blank in
  // <template> elements (see quizzes/quiz_offline.html): a copy is filled with
  // this device's result through its data-when, data-fill and data-if-* marks.
  function each(nodes, fn) { Array.prototype.forEach.call(nodes, fn); }
  function drop(el) { el.parentNode.removeChild(el); }

  function copyOf(template) {
    return template.content.firstElementChild.cloneNode(true);
  }

  function keepWhen(root, state) {
    each(root.querySelectorAll("[data-when]"), function (el) {
      if (el.dataset.when.split(" ").indexOf(state) < 0) drop(el);
    });
  }

  function fill(el, values) {
    if (el) el.textContent = format(el.textContent.trim(), values);
  }

  function resultSection(id, answer, result) {
    var section = copyOf(document.querySelector('template[data-result-question-template="' + id + '"]'));
    var verdict = !result.scored ? "" : result.correct ? "right" : result.points[0] > 0 ? "partly" : "wrong";
    if (verdict) section.classList.add("is-" + verdict);
    keepWhen(section, verdict);
    fill(section.querySelector('[data-fill="percent"]'), { percent: percentOf(result.points) });
    var chosen = [].concat(answer);
    each(section.querySelectorAll("[data-choice]"), function (li) {
      if (chosen.indexOf(li.dataset.choice) >= 0) li.classList.add("answer--chosen");
      else each(li.querySelectorAll("[data-if-chosen]"), drop);
    });
    each(section.querySelectorAll("[data-row]"), function (li) {
      var given = answer[li.dataset.row];
      var right = given === li.dataset.row;
      var match = section.querySelector('[data-row="' + given + '"]');
      li.className = "answer " + (right ? "answer--correct" : "answer--chosen");
      li.querySelector('[data-fill="mark"]').textContent = right ? "✓" : "✗";
      li.querySelector('[data-fill="match"]').textContent = match ? match.dataset.match : "—";
      if (right) each(li.querySelectorAll("[data-if-wrong]"), drop);
    });
    var order = section.querySelector("[data-order]");
    if (order) {
      answer.forEach(function (id, i) {
        var li = order.querySelector('[data-step="' + id + '"]');
        li.className = Number(li.dataset.position) === i + 1 ? "is-right" : "is-wrong";
        order.appendChild(li);
      });
    }
    var text = section.querySelector('[data-fill="text"]');
    if (text) text.textContent = answer;
    return section;
  }

  function resultPage(scored, answers) {
    var page = copyOf(document.querySelector("template[data-result-template]"));
    var header = page.querySelector(".score");
    keepWhen(page, scored.passed ? "passed" : "failed");
    header.classList.add(scored.passed ? "score--passed" : "score--failed");
    header.querySelector('[data-fill="percent"]').textContent = Math.round(scored.percent) + "%";
    fill(header.querySelector('[data-fill="figure"]'), { correct: scored.correctCount, total: scored.maxPoints });
    var nav = page.querySelector("nav.pager");
    scored.items.forEach(function (result) {
      page.insertBefore(resultSection(result.id, answers[result.id], result), nav);
    });
    return page;
  }

  function offlineQuiz(form) {
    var data = function (id) { return JSON.parse(document.getElementById(id).textContent); };
    var key = data("quiz-key");
    var byId = {};
    key.questions.forEach(function (q) { byId[q.id] = q; });
    var asked = form.querySelector('input[name="questions"]').value.split(",").filter(Boolean);
    var started = new Date().toISOString();

    // A quiz that explains each answer before the next question does so here
    // too: the first "Next" shows the feedback, the second moves on.
    if (form.hasAttribute("data-feedback-each")) {
      form.addEventListener("click", function (event) {
        var next = event.target.closest(".quiz-step-nav .button:not(.button--quiet)");
        var fieldset = form.querySelector("fieldset.question:not([hidden])");
        if (!next || !fieldset || fieldset.hasAttribute("data-checked")) return;
        var id = fieldset.dataset.questionId;
        var answer = formAnswer(form, byId[id]);
        if (answer === null) return;  // quiz.js asks for an answer
        event.stopPropagation();
        fieldset.setAttribute("data-checked", "");
        var result = scoreQuestion(byId[id], answer);
        var box = document.createElement("div");
        box.className = "feedback-now";
        box.setAttribute("role", "status");
        box.setAttribute("tabindex", "-1");
        box.appendChild(resultSection(id, answer, result));
        // The result repeats the question with its answers marked: show it instead.
        Array.prototype.forEach.call(fieldset.children, function (child) { child.hidden = true; });
        fieldset.appendChild(box);
        // Checked is final, as on the server; the answers are still read at the end.
        Array.prototype.forEach.call(fieldset.querySelectorAll("input, select, textarea"), function (el) {
          el.disabled = true;
        });
        box.focus();
      }, true);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var answers = {};
      var missing = null;
      asked.forEach(function (id) {
        var answer = formAnswer(form, byId[id]);
        if (answer === null && missing === null) missing = id;
        answers[id] = answer;
      });
      if (missing !== null) {
        var fieldset = form.querySelector('[name^="q-' + missing + '"]').closest("fieldset");
        fieldset.hidden = false;
        var note = fieldset.querySelector(".question__error") || document.createElement("p");
        note.className = "question__error";
        note.setAttribute("role", "alert");
        note.textContent = t("quiz.unanswered");
        fieldset.insertBefore(note, fieldset.children[1]);
        return;
      }
      var scored = score(key, answers);
      var item = null;
      if (O.learner) {
        item = O.enqueue({
          id: O.uuid(), type: "attempt", learner: O.learner, state: "waiting",
          title: document.querySelector("h1").textContent, url: form.action,
          body: { client_id: O.uuid(), questions: asked, started: started, answers: answers }
        });
      }
      var result = resultPage(scored, answers);
      result.querySelector("[data-attempt-status]").textContent = item ? t("result.queued") : t("result.practice");
      form.closest("[data-offline-quiz-page]").replaceWith(result);
      var header = document.querySelector("[data-offline-result] .score");
      header.focus();
      if (item) {
        O.onSync(function () {
          var sent = O.queue().filter(function (i) { return i.id === item.id; })[0];
          var line = document.querySelector("[data-attempt-status]");
          if (sent && sent.state === "sent") line.textContent = t("result.sent");
          else if (sent && sent.state === "refused") line.textContent = sent.message;
        });
        O.sync();
      }
    }, true);
  }

  offlineQuiz(form);
}

var form = document.querySelector("form[data-offline-quiz]");
if (form) downloadedQuiz(form);
