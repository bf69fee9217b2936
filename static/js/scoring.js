/* The quiz scoring rules of quizzes/scoring.py (its docstring is the spec), for a
 * device scoring offline. The server scores again on sync, so this is a preview,
 * but one that must agree to the bit: tests/quizzes/test_offline_scoring.py runs
 * both on every starter quiz. The key is quizzes.offline.scoring_key(quiz):
 *   {pass_mark, mastery_correct, questions: [{id, kind, options, items, accepted}]}
 */
var CHOICE_KINDS = ["single", "true_false", "scenario"];
var MAX_SHORT_ANSWER = 200;
var MAX_REFLECTION = 2000;

// Python's str.isspace: JS's \s lacks \x1c-\x1f and \x85, and has \ufeff, which Python keeps.
var SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a" +
  "\\u2028\\u2029\\u202f\\u205f\\u3000";
var SPACES = new RegExp("[" + SPACE + "]", "g");
var ONLY_SPACES = new RegExp("^[" + SPACE + "]*$");
var END_PUNCTUATION = /^\p{P}+|\p{P}+$/gu;

function InvalidAnswer(message) {
  var error = new Error(message);
  error.name = "InvalidAnswer";
  return error;
}

// Python's str.casefold, one code point at a time (casefold has no context,
// whereas toLowerCase turns a word-final Σ into ς). Lower, upper, lower gives
// the full folding (ẞ → ß → ss, ς → σ, ᾳ → αι, ϐ → β ...) for every character
// but dotless ı, which folds to itself, and Cherokee, which folds to its
// capitals; checked against Python for every code point it knows.
function casefoldChar(ch) {
  var cp = ch.codePointAt(0);
  if (ch === "\u0131" || (cp >= 0x13a0 && cp <= 0x13f5)) return ch;
  if (cp >= 0x13f8 && cp <= 0x13fd) return String.fromCodePoint(cp - 8);
  if (cp >= 0xab70 && cp <= 0xabbf) return String.fromCodePoint(cp - 0xab70 + 0x13a0);
  return ch.toLowerCase().toUpperCase().toLowerCase();
}

function normaliseText(text) {
  var folded = Array.from(text.normalize("NFKC"), casefoldChar).join("");
  return folded.replace(SPACES, "").replace(END_PUNCTUATION, "");
}

// Fractions as reduced [numerator, denominator], like Python's Fraction.
function gcd(a, b) {
  return b ? gcd(b, a % b) : a;
}

function fraction(n, d) {
  if (!d) throw new Error("division by zero"); // as Python's Fraction, on a broken key
  var g = gcd(Math.abs(n), d);
  return [n / g, d / g];
}

function add(a, b) {
  return fraction(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
}

function allStrings(list) {
  return list.every(function (a) { return typeof a === "string"; });
}

function checkAnswer(question, answer) {
  var kind = question.kind;
  var optionIds = (question.options || []).map(function (o) { return o.id; });
  var items = question.items || [];
  if (CHOICE_KINDS.indexOf(kind) >= 0) {
    if (typeof answer !== "string" || optionIds.indexOf(answer) < 0) {
      throw InvalidAnswer("not one of this question's options");
    }
  } else if (kind === "multiple") {
    if (!Array.isArray(answer) || !answer.length) {
      throw InvalidAnswer("choose at least one option");
    }
    if (!allStrings(answer) || new Set(answer).size !== answer.length) {
      throw InvalidAnswer("options must be distinct option ids");
    }
    if (!answer.every(function (a) { return optionIds.indexOf(a) >= 0; })) {
      throw InvalidAnswer("not one of this question's options");
    }
  } else if (kind === "matching") {
    var keys = answer && typeof answer === "object" && !Array.isArray(answer)
      ? Object.keys(answer) : null;
    var itemSet = new Set(items);
    if (!keys || keys.length !== itemSet.size ||
        !keys.every(function (k) { return itemSet.has(k); })) {
      throw InvalidAnswer("every item needs exactly one match");
    }
    var matches = keys.map(function (k) { return answer[k]; });
    if (!allStrings(matches) || !matches.every(function (m) { return itemSet.has(m); })) {
      throw InvalidAnswer("not one of this question's matches");
    }
  } else if (kind === "ordering") {
    // Equal once sorted, as Python checks: the same steps, each as often.
    var sortedItems = items.slice().sort();
    if (!Array.isArray(answer) || !allStrings(answer) || answer.length !== items.length ||
        !answer.slice().sort().every(function (a, i) { return a === sortedItems[i]; })) {
      throw InvalidAnswer("every step must appear exactly once");
    }
  } else if (kind === "short" || kind === "reflection") {
    var limit = kind === "short" ? MAX_SHORT_ANSWER : MAX_REFLECTION;
    if (typeof answer !== "string" || ONLY_SPACES.test(answer)) {
      throw InvalidAnswer("the answer is empty");
    }
    // Python counts code points; an emoji is one character, not two.
    if (Array.from(answer).length > limit) {
      throw InvalidAnswer("the answer is longer than " + limit + " characters");
    }
  } else {
    throw InvalidAnswer("unknown question kind " + JSON.stringify(kind));
  }
}

// Longest strictly increasing subsequence, as Python's bisect_left version.
function longestOrderedRun(positions) {
  var tails = [];
  positions.forEach(function (p) {
    var lo = 0, hi = tails.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (tails[mid] < p) lo = mid + 1; else hi = mid;
    }
    tails[lo] = p;
  });
  return tails.length;
}

function questionPoints(question, answer) {
  var kind = question.kind;
  if (CHOICE_KINDS.indexOf(kind) >= 0) {
    var right = question.options.some(function (o) { return o.id === answer && o.correct; });
    return fraction(right ? 1 : 0, 1);
  }
  if (kind === "multiple") {
    var correct = question.options.filter(function (o) { return o.correct; })
      .map(function (o) { return o.id; });
    var rightTicked = answer.filter(function (a) { return correct.indexOf(a) >= 0; }).length;
    var wrongTicked = answer.length - rightTicked;
    return fraction(Math.max(0, rightTicked - wrongTicked), correct.length);
  }
  if (kind === "matching") {
    var matched = Object.keys(answer).filter(function (k) { return answer[k] === k; }).length;
    return fraction(matched, question.items.length);
  }
  if (kind === "ordering") {
    var positions = answer.map(function (step) { return question.items.indexOf(step); });
    return fraction(longestOrderedRun(positions) - 1, question.items.length - 1);
  }
  if (kind === "short") {
    return fraction(question.accepted.indexOf(normaliseText(answer)) >= 0 ? 1 : 0, 1);
  }
  return [0, 1];
}

function scoreQuestion(question, answer) {
  checkAnswer(question, answer);
  var points = questionPoints(question, answer);
  var scored = question.kind !== "reflection";
  var correct = scored && points[0] === points[1];
  return { id: question.id, points: points, correct: correct, scored: scored };
}

// Python's round(x, 2) rounds the double's exact binary value half to even.
// toFixed(100) writes that value out in full (a percentage needs under 60
// places), so the rounding can be done on the decimal digits.
function round2(x) {
  var text = x.toFixed(100);
  var dot = text.indexOf(".");
  var hundredths = Number(text.slice(0, dot) + text.slice(dot + 1, dot + 3));
  var rest = text.slice(dot + 3).replace(/0+$/, "");
  if (rest > "5" || (rest === "5" && hundredths % 2 === 1)) hundredths += 1;
  return hundredths / 100;
}

// Scores the questions of the key that ``answers`` answers, in the key's
// order: a device's key may hold the whole pool, of which an attempt asks some.
function score(key, answers) {
  var known = new Set(key.questions.map(function (q) { return q.id; }));
  if (!Object.keys(answers).every(function (id) { return known.has(id); })) {
    throw InvalidAnswer("the answers do not match the questions");
  }
  var asked = key.questions.filter(function (q) {
    return Object.prototype.hasOwnProperty.call(answers, q.id);
  });
  var items = asked.map(function (q) { return scoreQuestion(q, answers[q.id]); });
  var points = items.reduce(function (sum, r) { return add(sum, r.points); }, [0, 1]);
  var maxPoints = items.filter(function (r) { return r.scored; }).length;
  var correctCount = items.filter(function (r) { return r.correct; }).length;
  // points * 100 >= pass_mark * max_points, kept in integers.
  var passed = points[0] * 100 >= key.pass_mark * maxPoints * points[1];
  if (key.mastery_correct !== null && key.mastery_correct !== undefined) {
    passed = passed && correctCount >= key.mastery_correct;
  }
  return {
    items: items,
    points: points,
    // float(Fraction) is one correctly rounded division, as here.
    percent: maxPoints ? round2((points[0] * 100) / (points[1] * maxPoints)) : 100,
    maxPoints: maxPoints,
    correctCount: correctCount,
    passed: passed,
  };
}

// The answer a plain quiz form gives for a question, in the shape checkAnswer
// takes; null while it is not (fully) answered. With the rules above, this is
// all a question kind needs in JavaScript.
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

export { normaliseText, checkAnswer, scoreQuestion, score, formAnswer };
