// Search as you type: fetch the same page's results fragment and swap it in,
// keeping the URL shareable (pushState) and back/forward working (popstate).
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.history.pushState) return;
  var input = form.querySelector("input[name=q]");
  var timer = null;
  var latest = 0;

  function urlOf(formElement) {
    var params = new URLSearchParams(new FormData(formElement));
    params.forEach(function (value, key) { if (!value) params.delete(key); });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function load(url, push) {
    var ticket = ++latest;
    var fragmentUrl = url + (url.indexOf("?") < 0 ? "?" : "&") + "fragment=1";
    results.setAttribute("aria-busy", "true");
    return fetch(fragmentUrl, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        if (ticket !== latest) return;
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
        if (push) window.history.pushState({ live: true }, "", url);
      })
      .catch(function () { if (push) window.location.assign(url); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { load(urlOf(form), true); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    load(urlOf(form), true);
  });
  // Facet, chip and page links inside the results swap the results too.
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || link.hasAttribute("download") || link.origin !== window.location.origin) return;
    // A jump within the page (to the filters and back) is left to the browser.
    if (link.getAttribute("href").charAt(0) === "#") return;
    if (link.pathname !== window.location.pathname) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    load(link.pathname + link.search, true).then(function () {
      var heading = document.getElementById("results-heading");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    });
    syncHidden(new URLSearchParams(link.search));
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    syncHidden(params);
    load(window.location.pathname + window.location.search, false);
  });

  // The form carries the other filters as hidden fields so typing keeps them.
  function syncHidden(params) {
    form.querySelectorAll("input[type=hidden]").forEach(function (el) { el.remove(); });
    params.forEach(function (value, key) {
      if (key === "q" || key === "page" || key === "fragment") return;
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = key; hidden.value = value;
      form.appendChild(hidden);
    });
  }
})();

// A language link returns to the page as it is now: search as you type may
// have changed the URL (pushState) since the page was rendered.
(function () {
  "use strict";
  document.querySelectorAll(".language a").forEach(function (link) {
    link.addEventListener("click", function () {
      var url = new URL(link.href);
      url.searchParams.set("next", window.location.pathname + window.location.search);
      link.href = url.toString();
    });
  });
})();
