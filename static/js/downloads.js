// "Download this module" and "My downloads", on what kept-modules.js keeps.
import { t } from "./i18n.js";
import { MODULE_CACHE, chooseFiles, download, downloads, fetchVisitorCopy, readMeta } from "./kept-modules.js";
import { escapeHtml, isCopy, keepOffline } from "./offline.js";

var root = document.documentElement;

function bytes(n) {
  var units = [[1e9, "gigabyte"], [1e6, "megabyte"], [1e3, "kilobyte"]];
  var unit = units.filter(function (u) { return n >= u[0]; })[0] || units[2];
  var value = n ? Math.max(n / unit[0], 1) : 0;
  try {
    return "\u2068" + new Intl.NumberFormat(root.lang, {
      style: "unit", unit: unit[1], unitDisplay: "short", maximumFractionDigits: unit[0] > 1e3 ? 1 : 0
    }).format(value) + "\u2069";
  } catch (e) {
    return value.toFixed(unit[0] > 1e3 ? 1 : 0) + " " + { gigabyte: "GB", megabyte: "MB", kilobyte: "kB" }[unit[1]];
  }
}


function moduleDownload(section) {
  var data = section.dataset;
  var name = MODULE_CACHE + data.download;
  var controls = section.querySelector("[data-download-controls]");
  var start = section.querySelector("[data-download-start]");
  var remove = section.querySelector("[data-download-delete]");
  var progress = section.querySelector("[data-download-progress]");
  var status = section.querySelector("[data-download-status]");
  var sizeLine = section.querySelector(".download__size");
  section.querySelector("[data-download-unsupported]").hidden = true;
  controls.hidden = false;
  var plan = null;

  function showKept(meta) {
    start.hidden = meta && meta.version === data.version;
    remove.hidden = !meta;
    if (!meta) return;
    status.textContent = meta.version === data.version ? t("download.done") + " (" + bytes(meta.bytes) + ")" : t("download.stale");
  }
  readMeta(name).then(showKept);

  function getPlan() {
    if (plan) return Promise.resolve(plan);
    var planUrl = data.planUrl;
    return fetchVisitorCopy(planUrl).then(function (r) {
      return r.json();
    }).then(function (data) {
      data.planUrl = planUrl;
      plan = data;
      var total = data.pages.reduce(function (n, p) { return n + p.bytes; }, 0) +
        chooseFiles(data).reduce(function (n, f) { return n + f.chosen.bytes; }, 0);
      var line = document.createElement("span");
      line.className = "download__device";
      line.textContent = " " + t("download.size", { size: bytes(total) });
      sizeLine.appendChild(line);
      return data;
    });
  }
  if (!isCopy && navigator.onLine !== false) getPlan().catch(function () { /* shown on click */ });

  start.addEventListener("click", function () {
    // A download is read through the service worker: installed now if this is the first page.
    keepOffline(true);
    start.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    getPlan().then(function (data) {
      return download(data, function (done, total) {
        progress.value = total ? Math.round(done * 100 / total) : 100;
        status.textContent = t("download.downloading", { done: bytes(done), total: bytes(total) });
      });
    }).then(function (meta) {
      progress.hidden = true;
      showKept(meta);
    }, function (error) {
      progress.hidden = true;
      status.textContent = error && error.name === "QuotaExceededError" ? t("download.full") : t("download.failed");
    }).then(function () { start.disabled = false; });
  });

  remove.addEventListener("click", function () {
    caches.delete(name).then(function () {
      showKept(null);
      start.hidden = false;
      status.textContent = t("download.deleted");
    });
  });
}

function downloadsPage(page) {
  var list = page.querySelector("[data-downloads-list]");
  var totalLine = page.querySelector("[data-downloads-total]");
  var storage = page.querySelector("[data-downloads-storage]");
  page.querySelector("[data-download-unsupported]").hidden = true;

  function render(message) {
    return downloads().then(function (items) {
      list.innerHTML = "";
      var total = 0;
      items.sort(function (a, b) { return a.meta.title.localeCompare(b.meta.title); });
      items.forEach(function (item) {
        total += item.meta.bytes;
        var li = document.createElement("li");
        li.className = "downloads__item";
        li.setAttribute("data-downloaded", item.meta.module);
        var date = new Date(item.meta.savedAt).toLocaleDateString(root.lang, { dateStyle: "medium" });
        li.innerHTML = '<a class="downloads__title" lang="' + escapeHtml(item.meta.language) + '" href="' +
          escapeHtml(item.meta.url) + '">' + escapeHtml(item.meta.title) + "</a>" +
          '<span class="downloads__size">' + escapeHtml(bytes(item.meta.bytes)) + "</span>" +
          '<span class="muted">' + escapeHtml(t("downloads.saved", { date: date })) + "</span>";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button--quiet";
        button.textContent = t("downloads.delete");
        button.setAttribute("aria-label", t("downloads.delete") + ": " + item.meta.title);
        button.addEventListener("click", function () {
          caches.delete(item.name).then(function () {
            render(t("downloads.deleted", { title: item.meta.title }));
          });
        });
        li.appendChild(button);
        list.appendChild(li);
      });
      var line = items.length ? t("downloads.total", { size: bytes(total) }) : t("downloads.empty");
      totalLine.textContent = message ? message + " " + line : line;
      totalLine.setAttribute("data-total-bytes", total);
      if (navigator.storage && navigator.storage.estimate) {
        navigator.storage.estimate().then(function (e) {
          storage.textContent = t("downloads.storage", { used: bytes(e.usage || 0), quota: bytes(e.quota || 0) });
        });
      }
    });
  }
  render();
}

if ("caches" in window && "serviceWorker" in navigator) {
  var section = document.querySelector("[data-download]");
  if (section) moduleDownload(section);
  var page = document.querySelector("[data-downloads]");
  if (page) downloadsPage(page);
}

export { downloads };
