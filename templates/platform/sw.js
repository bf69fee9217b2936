/* Lifeskills service worker. Workbox keeps the application shell up to date;
   downloaded modules live in caches of their own ("lifeskills-module-<id>"),
   written by static/js/offline.js, so that deleting one frees exactly its space.
   Pages are never kept just because they were visited: on a shared phone a
   teacher's class list must not stay behind. Every page kept (the shell's
   and the downloads') is the one a visitor receives: fetched with the mark
   that makes the server render it so, and refused if the answer does not say
   it was. */
"use strict";
importScripts.apply(self, {{ workbox|safe }});

var wb = self.workbox;
var LANGUAGES = {{ languages|safe }};
var DEFAULT_LANGUAGE = {{ default_language|safe }};
var MODULE_CACHE = "lifeskills-module-";
// On a weak connection a downloaded page is shown if the network has not
// answered by then; a page that is not downloaded waits for the network.
var SLOW_NETWORK_MS = 4000;
var COPY = "?{{ copy_parameter }}=1";
var RENDERED_FOR = "{{ rendered_for }}";
// The release this worker came from. A new release is a new script, which
// the browser installs in place of this one; Workbox then fetches only the
// shell files whose revision changed, and downloads (caches of our own) stay.
self.LIFESKILLS_VERSION = {{ version|safe }};

wb.core.setCacheNameDetails({ prefix: "lifeskills" });
// A page rendered for whoever was signed in when the worker installed is
// never kept: better no offline page than a teacher's.
wb.precaching.addPlugins([{
  cacheWillUpdate: function (options) {
    var response = options.response;
    // In place of Workbox's own check, which a plugin of ours replaces.
    if (!response || response.status >= 400) return null;
    var page = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    return page && response.headers.get(RENDERED_FOR) !== "visitor" ? null : response;
  }
}]);
self.addEventListener("install", function () { self.skipWaiting(); });
wb.core.clientsClaim();
// Kept at install, but not answered from first: the downloads page must come
// fresh from the server while it can (it shows who is signed in).
wb.precaching.precache({{ precache|safe }});
wb.precaching.cleanupOutdatedCaches();

function moduleCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(MODULE_CACHE) === 0; });
  });
}

function downloaded(url) {
  return moduleCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (response) {
        if (response) return response;
        return caches.open(name).then(function (cache) { return cache.match(url, { ignoreVary: true }); });
      });
    }, Promise.resolve(undefined));
  });
}

// A device keeps one size of each picture; the browser may ask for another
// size offline (a turned screen), so any kept size of the same picture will do.
function anotherSize(url) {
  return moduleCaches().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name)
        .then(function (cache) { return cache.match("/offline-meta/" + name.slice(MODULE_CACHE.length)); })
        .then(function (meta) { return meta ? meta.json() : null; });
    }));
  }).then(function (metas) {
    for (var i = 0; i < metas.length; i++) {
      var kept = metas[i] && metas[i].alternatives && metas[i].alternatives[url];
      if (kept) return downloaded(kept);
    }
    return undefined;
  });
}

function shellPage(url) {
  // The offline page in the language of the page asked for.
  var language = url.pathname.split("/")[1];
  if (LANGUAGES.indexOf(language) < 0) language = DEFAULT_LANGUAGE;
  return wb.precaching.matchPrecache(url.pathname + COPY).then(function (page) {
    return page || wb.precaching.matchPrecache("/" + language + "/offline/" + COPY);
  });
}

wb.routing.registerRoute(
  function (options) { return options.request.mode === "navigate"; },
  function (options) {
    var request = options.request;
    var network = fetch(request);
    return downloaded(request.url).then(function (copy) {
      if (!copy) {
        return network.catch(function () { return shellPage(options.url); });
      }
      var slow = new Promise(function (resolve) { setTimeout(function () { resolve(copy); }, SLOW_NETWORK_MS); });
      return Promise.race([network, slow]).catch(function () { return copy; });
    });
  }
);

// Styles and scripts of the shell: kept by revision, so the kept copy is current.
wb.routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && options.url.pathname.indexOf("/static/") === 0;
  },
  function (options) {
    return wb.precaching.matchPrecache(options.url.pathname).then(function (kept) {
      return kept || fetch(options.request);
    });
  }
);

wb.routing.registerRoute(
  function (options) {
    var path = options.url.pathname;
    return options.url.origin === self.location.origin &&
      (path.indexOf("/media/") === 0 || path.indexOf("/documents/") === 0);
  },
  function (options) {
    var request = options.request;
    return downloaded(request.url)
      .then(function (kept) {
        return kept || (request.destination === "image" ? anotherSize(request.url) : undefined);
      })
      .then(function (kept) {
        if (!kept) return fetch(request);
        // Sound and video ask for parts of a file; the whole file is kept.
        if (request.headers.has("range")) return wb.rangeRequests.createPartialResponse(request, kept);
        return kept;
      });
  }
);
