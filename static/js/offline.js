// Working without a connection, on every page (every child's first load: keep
// it short): the service worker, downloaded lessons, saved work sent later.
// downloads.js and offline-quiz.js build on it. Work done offline waits in
// localStorage under the child who did it and is sent only while she is signed
// in: on a shared phone, one child's answers must never be sent as another's.
import { t } from "./i18n.js";

var QUEUE_KEY = "lifeskills.queue";
var LEARNER_KEY = "lifeskills.learner";
var root = document.documentElement;
var body = document.body;
// downloads.js marks the pages it keeps (and the service worker's own pages
// are marked too), so a page knows it is a kept copy and not fresh.
var isCopy = root.hasAttribute("data-offline-copy");

function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  var b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
}

function csrfToken() {
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function escapeHtml(text) {
  return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function storedLearner() {
  try { return localStorage.getItem(LEARNER_KEY) || ""; } catch (e) { return ""; }
}

// Who is signed in: a fresh page knows; a kept copy is a visitor's page, so
// it asks the last fresh page instead. When someone else is signed in now
// (the last child signed out, or her school day ended), what the device
// still holds of hers and has sent is forgotten.
function learner() {
  if (!isCopy) {
    var now = body.dataset.learner || "";
    var before = storedLearner();
    if (before && before !== now) forget(before);
    try { localStorage.setItem(LEARNER_KEY, now); } catch (e) { /* private mode */ }
    return now;
  }
  return storedLearner();
}

// The queue -----------------------------------------------------------------

function readQueue() {
  try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
}

function writeQueue(items) {
  localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
}

function enqueue(item) {
  var items = readQueue();
  items.push(item);
  writeQueue(items);
  return item;
}

// Everything the device holds of one child once it is on the server: her
// answers and reflections sent or refused for good. Work still waiting stays,
// under her name, shown to no one else, and is sent when she signs in again.
function forget(learnerId) {
  try {
    writeQueue(readQueue().filter(function (item) {
      return item.learner !== learnerId || item.state === "waiting";
    }));
  } catch (e) { /* private mode: nothing was kept */ }
}

function updateItem(id, changes) {
  var items = readQueue();
  items.forEach(function (item) {
    if (item.id === id) Object.keys(changes).forEach(function (k) { item[k] = changes[k]; });
  });
  writeQueue(items.filter(function (item) { return item.state !== "done"; }));
}

function sendOne(item) {
  return fetch(item.url, {
    method: "POST",
    credentials: "same-origin",
    redirect: "manual",
    headers: {
      "Content-Type": "application/json", "Accept": "application/json",
      "X-CSRFToken": csrfToken(), "X-Lifeskills-Learner": item.learner
    },
    body: JSON.stringify(item.body)
  }).then(function (response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    if (!json) return { state: "waiting" };  // signed out, or a proxy's page: try again later
    return response.json().then(function (data) {
      if (response.ok && (data.stored || data.recorded)) return { state: item.type === "attempt" ? "sent" : "done", result: data };
      // Refused for good (quiz changed, no attempts left): say so, never retry.
      if (response.status >= 400 && response.status < 500 && data.error && !data.retry) {
        return { state: "refused", message: data.error };
      }
      return { state: "waiting" };
    });
  }, function () { return { state: "waiting" }; });
}

var sending = null;
var afterSync = [];
function sync() {
  if (sending) return sending;
  if (!currentLearner || navigator.onLine === false) return Promise.resolve();
  var mine = readQueue().filter(function (item) {
    return item.learner === currentLearner && item.state === "waiting";
  });
  sending = mine.reduce(function (chain, item) {
    return chain.then(function () {
      return sendOne(item).then(function (outcome) { updateItem(item.id, outcome); });
    });
  }, Promise.resolve()).then(function () {
    sending = null;
    afterSync.forEach(function (listener) { listener(); });
    showQueue();
  });
  return sending;
}

function showQueue() {
  // The words come on a signed-in child's own pages and on lessons a device keeps (a
  // visitor's page, read by the child signed in on the device); only a child has work to show.
  if (!t("sync.waiting") || !currentLearner) return;
  var items = readQueue().filter(function (item) { return item.learner === currentLearner; });
  var waiting = items.filter(function (item) { return item.state === "waiting"; });
  var sent = items.filter(function (item) { return item.state === "sent"; });
  var refused = items.filter(function (item) { return item.state === "refused"; });
  var note = document.querySelector("[data-sync-status]");
  if (!waiting.length && !sent.length && !refused.length) {
    if (note) note.remove();
    return;
  }
  if (!note) {
    note = document.createElement("div");
    note.className = "notice sync-status";
    note.setAttribute("role", "status");
    note.setAttribute("data-sync-status", "");
    var main = document.getElementById("main");
    main.insertBefore(note, main.firstChild);
  }
  var lines = [];
  if (waiting.length) lines.push("<p data-sync-waiting>" + escapeHtml(t("sync.waiting")) + "</p>");
  if (sent.length) lines.push("<p data-sync-sent>" + escapeHtml(t("sync.sent")) + "</p>");
  refused.forEach(function (item) {
    lines.push("<p data-sync-refused>" + escapeHtml(t("sync.refused") + " " + (item.title || "") + ": " + item.message) + "</p>");
  });
  note.innerHTML = lines.join("");
  // "Sent" and "refused" are said once, then forgotten.
  writeQueue(readQueue().filter(function (item) {
    return item.learner !== currentLearner || item.state === "waiting" ||
      !item.shownOn || item.shownOn === location.pathname;
  }).map(function (item) {
    if (item.learner === currentLearner && item.state !== "waiting") item.shownOn = location.pathname;
    return item;
  }));
}

// Lessons -------------------------------------------------------------------

function lessonProgress(lesson, completed) {
  var form = document.querySelector("form.lesson-done");
  if (!form || !currentLearner) return null;
  var id = "lesson:" + currentLearner + ":" + lesson.dataset.lesson;
  var items = readQueue();
  var now = new Date().toISOString();
  var item = items.filter(function (i) { return i.id === id && i.state === "waiting"; })[0];
  if (!item) {
    item = { id: id, type: "lesson", learner: currentLearner, state: "waiting", title: document.title,
      url: form.dataset.syncUrl, body: { opened_at: now, completed_at: null } };
    items.push(item);
  }
  if (completed && !item.body.completed_at) item.body.completed_at = now;
  writeQueue(items);
  return item;
}

function lessonPage(lesson) {
  if (isCopy) lessonProgress(lesson, false);
  var form = document.querySelector("form.lesson-done");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    var saveHere = function () {
      lessonProgress(lesson, true);
      form.innerHTML = '<p class="notice" role="status" data-saved>' + escapeHtml(t("sync.finished")) + "</p>";
    };
    if (isCopy) return saveHere();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        window.location.href = response.url;
      })
      .catch(saveHere);
  });
}

// Signing out -----------------------------------------------------------------

// The plain form signs out without this. With it, a child's waiting work is
// sent first (if the connection allows, within a few seconds), and what was
// sent is cleared from the device before the next person picks it up.
var SIGN_OUT_WAIT_MS = 5000;

function signOutForm(form) {
  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    var leaving = currentLearner;
    var patience = new Promise(function (resolve) { setTimeout(resolve, SIGN_OUT_WAIT_MS); });
    Promise.race([sync(), patience]).then(function () {
      return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      if (leaving) forget(leaving);
      try { localStorage.setItem(LEARNER_KEY, ""); } catch (e) { /* private mode */ }
      window.location.replace(response.url);
    }).catch(function () {
      // No connection: she is still signed in on the server, so the device
      // forgets nothing; the plain form shows what the browser can.
      if (button) button.disabled = false;
      form.submit();
    });
  });
}

// The service worker -----------------------------------------------------------

// Installing the worker fetches the whole shell, more than the page itself: a
// browser's first page goes without it, so a child on a weak connection who
// opens one lesson gets that lesson alone; from the second page on (or a
// download) the worker is installed, and keeps itself up to date.
var VISITED_KEY = "lifeskills.visited";

function keepOffline(now) {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  var visited = true;
  try {
    visited = localStorage.getItem(VISITED_KEY) === "1";
    localStorage.setItem(VISITED_KEY, "1");
  } catch (e) { /* no storage: nothing to save the worker's work in either */ }
  if (!now && !visited && !navigator.serviceWorker.controller) return Promise.resolve(null);
  return navigator.serviceWorker.register("/sw.js", { scope: "/" })
    .catch(function () { return null; /* this browser works online only */ });
}

// Downloads published again are fetched again: on reconnecting, else hourly.
function refreshDownloads(reconnected) {
  var last = 0;
  try { last = +localStorage.getItem("lifeskills.checked"); } catch (e) { /* private mode */ }
  if (!window.caches || !navigator.onLine || (!reconnected && Date.now() - last < 36e5)) return;
  caches.keys().then(function (names) {
    if (!names.some(function (n) { return n.indexOf("lifeskills-module-") === 0; })) return;
    localStorage.setItem("lifeskills.checked", Date.now());
    return import("./kept-modules.js").then(function (m) { return m.refreshAll(); });
  }).catch(function () { /* tried again later */ });
}

// Present mode ---------------------------------------------------------------

// The buttons are made here; present.js (17 KB) is fetched only when a teacher
// presses one or opens the presenter view: a child's first lesson costs one
// request less. Offline it comes from the service worker's shell.
function presentTools(lesson) {
  function open(asPresenter) {
    return import("./present.js").then(function (module) { module.present(lesson, asPresenter); });
  }
  function button(label, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }
  if (new URLSearchParams(location.search).has("presenter")) {
    open(true);
    return;
  }
  var tools = document.createElement("p");
  tools.className = "present-tools";
  tools.appendChild(button(t("present.present"), "button", function () {
    // Asked for within the click, while the browser still allows it.
    if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
    open(false);
  }));
  if (lesson.querySelector('[data-kind="teacher_note"]')) {
    tools.appendChild(button(t("present.presenter"), "button button--quiet", function () {
      window.open(location.pathname + "?presenter=1", "lifeskills-presenter", "width=900,height=700");
    }));
  }
  lesson.parentNode.insertBefore(tools, lesson);
}

// Start ----------------------------------------------------------------------

var currentLearner = learner();
// A kept copy is a visitor's page, tools for teachers included: a child signed
// in on this device gets the child's lesson there too (site.css hides them).
if (isCopy && currentLearner) root.classList.add("learner-copy");

keepOffline(false);
var lesson = document.querySelector("article.lesson[data-lesson]");
if (lesson) lessonPage(lesson);
if (lesson && lesson.hasAttribute("data-present")) presentTools(lesson);
Array.prototype.forEach.call(document.querySelectorAll("[data-offline-only]"), function (el) {
  // "I have finished" on a kept lesson is for the child signed in on the device.
  el.hidden = !isCopy || (el.classList.contains("lesson-done") && !currentLearner);
});
Array.prototype.forEach.call(document.querySelectorAll("form[data-sign-out]"), signOutForm);
// Back or forward to a page kept in memory while someone else signed in
// since: load it again rather than show the last person's answers.
window.addEventListener("pageshow", function (event) {
  if (event.persisted && storedLearner() !== currentLearner) window.location.reload();
});
showQueue();
sync();
// The server checks that the child signed in is the one the work belongs to
// (X-Lifeskills-Learner), so even a kept copy may send.
window.addEventListener("online", function () { sync(); refreshDownloads(true); });
refreshDownloads();

function onSync(listener) {
  afterSync.push(listener);
}

export {
  isCopy, currentLearner as learner, uuid, escapeHtml, readQueue as queue, enqueue, sync, onSync, keepOffline,
};
