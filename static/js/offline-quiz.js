// A downloaded quiz, taken with or without a connection: scored on the phone by
// scoring.js with the server's rules, every answer explained, and the attempt
// saved under its own client id until it can be sent. The server scores it
// again and keeps its own score.
import { t } from "./i18n.js";
import * as O from "./offline.js";
import { score, scoreQuestion } from "./scoring.js";

function downloadedQuiz(form) {
  var escapeHtml = O.escapeHtml;

  function formAnswer(form, question) {
    var name = "q-" + question.id;
    var kind = question.kind;
    var checked = form.querySelectorAll('input[name="' + name + '"]:checked');
    if (kind === "multiple") {
      return checked.length ? Array.prototype.map.call(checked, function (el) { return el.value; }) : null;
    }
    if (kind === "matching" || kind === "ordering") {
      var answer = {};
      var given = 0;
      question.items.forEach(function (item) {
        var select = form.querySelector('[name="' + name + "-" + item + '"]');
        answer[item] = select ? select.value : "";
        if (answer[item]) given++;
      });
      if (given < question.items.length) return null;
      if (kind === "matching") return answer;
      var order = question.items.slice().sort(function (a, b) { return answer[a] - answer[b]; });
      var positions = order.map(function (item) { return Number(answer[item]); });
      var ok = positions.every(function (p, i) { return p === i + 1; });
      return ok ? order : null;
    }
    if (kind === "short" || kind === "reflection") {
      var field = form.querySelector('[name="' + name + '"]');
      return field && field.value.trim() ? field.value : null;
    }
    return checked.length ? checked[0].value : null;
  }

  function tag(cls, text) {
    return '<span class="tag tag--' + cls + '">' + escapeHtml(text) + "</span>";
  }

  function feedbackLine(text) {
    return text ? '<p class="answer__feedback">' + escapeHtml(text) + "</p>" : "";
  }

  function percentOf(points) {
    var exact = points[0] * 100 / points[1];
    var floor = Math.floor(exact);
    if (points[0] * 200 % points[1] === 0 && (points[0] * 200 / points[1]) % 2 === 1) {
      return floor % 2 === 0 ? floor : floor + 1;  // as Python rounds halves: to even
    }
    return Math.round(exact);
  }

  function resultHtml(form, question, info, number, answer, result) {
    var kind = question.kind;
    var verdict, cls = "";
    if (!result.scored) verdict = escapeHtml(t("result.thoughts"));
    else if (result.correct) { cls = " is-right"; verdict = '<span aria-hidden="true">✓</span> ' + escapeHtml(t("result.right")); }
    else if (result.points[0] > 0) { cls = " is-partly"; verdict = '<span aria-hidden="true">◐</span> ' + escapeHtml(t("result.partly", { percent: percentOf(result.points) })); }
    else { cls = " is-wrong"; verdict = '<span aria-hidden="true">✗</span> ' + escapeHtml(t("result.wrong")); }
    var html = '<section class="result-question' + cls + '"><h3 class="result-question__title"><span class="question__number">' +
      escapeHtml(t("result.question", { number: number })) + '</span> <span class="verdict">' + verdict + "</span></h3>";
    if (info.scenario) html += '<p class="question__scenario">' + escapeHtml(info.scenario) + "</p>";
    html += '<p class="question__prompt">' + escapeHtml(info.prompt) + "</p>";
    if (info.choices) {
      var shown = Array.prototype.map.call(form.querySelectorAll('input[name="q-' + question.id + '"]'), function (el) { return el.value; });
      var chosen = [].concat(answer);
      html += '<ul class="answers">';
      shown.forEach(function (id) {
        var choice = info.choices.filter(function (c) { return c.id === id; })[0];
        var correct = question.options.filter(function (o) { return o.id === id; })[0].correct;
        var picked = chosen.indexOf(id) >= 0;
        var text = info.block_type === "true_false" ? (id === "true" ? t("result.true") : t("result.false")) : choice.text;
        html += '<li class="answer' + (picked ? " answer--chosen" : "") + (correct ? " answer--correct" : "") + '"><span class="answer__text">' + escapeHtml(text) + "</span>";
        if (picked) html += " " + tag("chosen", t("result.your_answer"));
        if (correct) html += " " + tag("correct", info.block_type === "scenario" ? t("result.safe_choice") : t("result.right_answer"));
        if (picked || correct) html += feedbackLine(choice.feedback);
        html += "</li>";
      });
      html += "</ul>";
    } else if (kind === "matching") {
      var match = {};
      info.rows.forEach(function (row) { match[row.id] = row.match; });
      html += '<ul class="answers">';
      info.rows.forEach(function (row) {
        var right = answer[row.id] === row.id;
        html += '<li class="answer ' + (right ? "answer--correct" : "answer--chosen") + '"><span class="answer__text"><b>' + escapeHtml(row.text) + "</b></span>" +
          '<p class="answer__match">' + tag("chosen", t("result.your_match")) + ' <span aria-hidden="true">' + (right ? "✓" : "✗") + "</span> " + escapeHtml(match[answer[row.id]] || "—") + "</p>";
        if (!right) html += '<p class="answer__match">' + tag("correct", t("result.right_match")) + " " + escapeHtml(row.match) + "</p>";
        html += feedbackLine(row.feedback) + "</li>";
      });
      html += "</ul>";
    } else if (kind === "ordering") {
      var byId = {};
      info.rows.forEach(function (row, i) { byId[row.id] = { row: row, position: i }; });
      html += '<div class="orders"><div><h4>' + escapeHtml(t("result.your_order")) + "</h4><ol>";
      answer.forEach(function (id, i) {
        html += '<li class="' + (byId[id].position === i ? "is-right" : "is-wrong") + '">' + escapeHtml(byId[id].row.text) + "</li>";
      });
      html += "</ol></div><div><h4>" + escapeHtml(t("result.right_order")) + "</h4><ol>";
      info.rows.forEach(function (row) { html += "<li>" + escapeHtml(row.text) + feedbackLine(row.feedback) + "</li>"; });
      html += "</ol></div></div>";
    } else if (kind === "short") {
      html += "<p>" + tag("chosen", t("result.your_answer")) + " " + escapeHtml(answer) + "</p>";
      if (!result.correct) html += "<p>" + tag("correct", t("result.right_answer")) + " " + escapeHtml(info.accepted) + "</p>";
      html += feedbackLine(result.correct ? info.feedback_correct : info.feedback_incorrect);
    } else if (kind === "reflection") {
      html += '<blockquote class="reflection" dir="auto">' + escapeHtml(answer) + "</blockquote>";
    }
    if (info.explanation) html += '<div class="explanation"><h4>' + escapeHtml(t("result.why")) + "</h4><p>" + escapeHtml(info.explanation) + "</p></div>";
    return html + "</section>";
  }

  function offlineQuiz(form) {
    var data = function (id) { return JSON.parse(document.getElementById(id).textContent); };
    var key = data("quiz-key");
    var feedback = data("quiz-feedback");
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
        box.innerHTML = resultHtml(form, byId[id], feedback[id], asked.indexOf(id) + 1, answer, result);
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
      var html = '<article class="quiz quiz-result" data-offline-result><header class="score ' + (scored.passed ? "score--passed" : "score--failed") + '" tabindex="-1">' +
        "<h1>" + escapeHtml(scored.passed ? t("result.passed") : t("result.failed")) + "</h1>" +
        '<p class="score__figure"><span class="score__percent">' + Math.round(scored.percent) + "%</span> <span>" +
        escapeHtml(t("result.figure", { correct: scored.correctCount, total: scored.maxPoints })) + "</span></p><p>" +
        escapeHtml(t("result.pass_mark", { mark: key.pass_mark })) +
        (key.mastery_correct ? " " + escapeHtml(t("result.mastery", { m: key.mastery_correct })) : "") +
        (scored.passed ? "" : " " + escapeHtml(t("result.try_again"))) + "</p>" +
        '<p class="notice" role="status" data-attempt-status>' + escapeHtml(item ? t("result.queued") : t("result.practice")) + "</p></header>" +
        "<h2>" + escapeHtml(t("result.answers")) + "</h2>";
      scored.items.forEach(function (result, i) {
        html += resultHtml(form, byId[result.id], feedback[result.id], i + 1, answers[result.id], result);
      });
      html += '<nav class="pager"><a class="pager__prev" href="' + escapeHtml(form.dataset.quizUrl) + '"><span class="pager__label">' + escapeHtml(t("result.again")) + "</span> " + escapeHtml(t("result.again_link")) + "</a>" +
        '<a class="pager__next" href="' + escapeHtml(form.dataset.moduleUrl) + '"><span class="pager__label">' + escapeHtml(t("result.finished")) + "</span> " + escapeHtml(t("result.back")) + "</a></nav></article>";
      var page = form.closest("[data-offline-quiz-page]");
      page.outerHTML = html;
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
