// Modules kept on this device: each in a cache of its own ("lifeskills-module-<id>"),
// which the service worker reads from, so deleting one frees exactly its space.
// Filling one, listing them, and bringing them up to date. It imports nothing of
// ours: offline.js loads it to update downloads, and downloads.js (the buttons
// and the list) builds on it; a module both import would make a cycle that
// collectstatic cannot give hashed names to.

var MODULE_CACHE = "lifeskills-module-";


function readMeta(name) {
  // Looking must not make an empty download (caches.open would).
  return caches.has(name).then(function (kept) {
    return kept && caches.open(name).then(function (cache) {
      return cache.match(metaUrl(name.slice(MODULE_CACHE.length)));
    });
  }).then(function (response) { return response ? response.json() : null; });
}

function downloads() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(MODULE_CACHE) === 0; }).map(function (name) {
      return readMeta(name).then(function (meta) { return meta && { name: name, meta: meta }; });
    }));
  }).then(function (list) { return list.filter(Boolean); });
}

// The picture of each srcset this screen would take: as the browser does,
// the narrowest at least as wide as the picture is shown, else the widest.
function chooseFiles(plan) {
  var need = Math.min(window.innerWidth || 360, 960) * (window.devicePixelRatio || 1);
  return plan.files.map(function (group) {
    var sorted = group.candidates.slice().sort(function (a, b) { return (a.width || 0) - (b.width || 0); });
    var chosen = sorted.filter(function (c) { return (c.width || 0) >= need; })[0] || sorted[sorted.length - 1];
    return { kind: group.kind, chosen: chosen, others: sorted.filter(function (c) { return c !== chosen; }) };
  });
}

// A shared phone keeps pages as a visitor receives them, whoever downloads:
// the mark makes the server render them so (no teacher notes, no class
// lists, no names), and a page that does not say so is not kept.
var COPY_HEADER = "X-Lifeskills-Copy";
var RENDERED_FOR = "X-Lifeskills-Rendered-For";

function fetchKept(url) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response;
  });
}

function fetchVisitorCopy(url) {
  var headers = {};
  headers[COPY_HEADER] = "1";
  // Never the browser's cached copy of the page as the signed-in person saw it.
  return fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers }).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    if (response.headers.get(RENDERED_FOR) !== "visitor") throw new Error(url + ": not a visitor's page");
    return response;
  });
}

// Fills the cache ``name`` with everything ``plan`` lists, the module's
// description last: a cache without it is not a download.
function fill(name, plan, onProgress) {
  var files = chooseFiles(plan);
  var total = plan.pages.reduce(function (n, p) { return n + p.bytes; }, 0) +
    files.reduce(function (n, f) { return n + f.chosen.bytes; }, 0);
  var done = 0;
  var stored = 0;
  var alternatives = {};
  var urls = [];
  return caches.open(name).then(function (cache) {
    var work = plan.pages.map(function (page) {
      return function () {
        return fetchVisitorCopy(page.fetch).then(function (response) { return response.text(); }).then(function (html) {
          var marked = html.replace(/<html\b/i, "<html data-offline-copy");
          var size = new Blob([marked]).size;
          done += page.bytes;
          stored += size;
          urls.push(page.url);
          return cache.put(page.url, new Response(marked, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
        });
      };
    }).concat(files.map(function (file) {
      return function () {
        return fetchKept(file.chosen.url).then(function (response) {
          return response.blob().then(function (blob) {
            done += file.chosen.bytes;
            stored += blob.size;
            urls.push(file.chosen.url);
            file.others.forEach(function (other) { alternatives[other.url] = file.chosen.url; });
            var headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
            return cache.put(file.chosen.url, new Response(blob, { headers: headers }));
          });
        });
      };
    }));
    return work.reduce(function (chain, step) {
      return chain.then(step).then(function () { onProgress(done, total); });
    }, Promise.resolve()).then(function () {
      var meta = {
        module: plan.module, title: plan.title, url: plan.url, language: plan.language,
        version: plan.version, planUrl: plan.planUrl, savedAt: new Date().toISOString(), bytes: stored,
        urls: urls, alternatives: alternatives
      };
      return cache.put(metaUrl(plan.module), new Response(JSON.stringify(meta), {
        headers: { "Content-Type": "application/json" }
      })).then(function () { return meta; });
    });
  });
}

function metaUrl(module) {
  return "/offline-meta/" + module;
}

function download(plan, onProgress) {
  var name = MODULE_CACHE + plan.module;
  return caches.delete(name).then(function () { return fill(name, plan, onProgress); }).catch(function (error) {
    // Half a module is worse than none: it would fail in the middle of a lesson.
    return caches.delete(name).then(function () { throw error; });
  });
}

// Keeping downloads up to date -----------------------------------------------------
//
// A module published again (or a release that changes the pages' styles and
// scripts) makes a kept copy out of date: offline, the child would read the
// old text, or a page naming styles the device no longer holds. When the
// connection comes back, the device asks for each module's plan and, when its
// version has changed, downloads the module again beside the old copy, which
// stays in use until the new one is whole. Staging caches do not start with
// MODULE_CACHE, so the service worker never reads half of one.
var STAGING_CACHE = "lifeskills-refresh-";

function planUrlOf(meta) {
  // Downloads made before the description kept its plan's address.
  return meta.planUrl || "/" + meta.language + "/offline/modules/" + meta.module + "/";
}

function replaceWith(name, staging) {
  return Promise.all([caches.open(name), caches.open(staging)]).then(function (opened) {
    var kept = opened[0];
    var fresh = opened[1];
    return fresh.keys().then(function (requests) {
      var meta = requests.filter(function (r) { return new URL(r.url).pathname.indexOf("/offline-meta/") === 0; });
      var rest = requests.filter(function (r) { return meta.indexOf(r) < 0; });
      var wanted = {};
      requests.forEach(function (r) { wanted[r.url] = true; });
      var copy = function (request) {
        return fresh.match(request).then(function (response) { return kept.put(request, response); });
      };
      // Page by page the old copy gives way to the new, the description last.
      return Promise.all(rest.map(copy)).then(function () { return Promise.all(meta.map(copy)); })
        .then(function () { return kept.keys(); })
        .then(function (old) {
          return Promise.all(old.filter(function (r) { return !wanted[r.url]; }).map(function (r) {
            return kept.delete(r);
          }));
        });
    });
  }).then(function () { return caches.delete(staging); });
}

function refresh(item) {
  var staging = STAGING_CACHE + item.meta.module;
  var planUrl = planUrlOf(item.meta);
  return fetchVisitorCopy(planUrl).then(function (r) { return r.json(); }).then(function (plan) {
    if (plan.version === item.meta.version) return false;
    plan.planUrl = planUrl;
    return caches.delete(staging)
      .then(function () { return fill(staging, plan, function () {}); })
      .then(function () { return replaceWith(item.name, staging); })
      .then(function () { return true; });
  }).catch(function () {
    // No connection after all, or the module is gone: the old copy stays.
    return caches.delete(staging).then(function () { return false; });
  });
}

var refreshing = null;

// Brings every kept module up to date; resolves to how many were downloaded again.
function refreshAll() {
  if (refreshing) return refreshing;
  refreshing = downloads().then(function (items) {
    return items.reduce(function (chain, item) {
      return chain.then(function (count) {
        return refresh(item).then(function (changed) { return count + (changed ? 1 : 0); });
      });
    }, Promise.resolve(0));
  }).then(function (count) {
    refreshing = null;
    return count;
  });
  return refreshing;
}

export { MODULE_CACHE, chooseFiles, download, downloads, fetchVisitorCopy, readMeta, refreshAll };
