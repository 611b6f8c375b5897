/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var one = function (selector) { return document.querySelector(selector); };

  /* Forms with personal answers ([data-personal]): typed text must not come back after Back,
     a reload or the back/forward cache. autocomplete="off" stops Chromium restoring the fields
     from its saved form state; a page shown again from the bfcache keeps its DOM, so it is
     emptied on pagehide and again on pageshow. */
  var typed = false, leaving = false, inPlace = false;
  function forget() {
    each(document.querySelectorAll("form[data-personal]"), function (form) { form.reset(); });
    /* Answers shown in place (below) are gone too: the page is fetched afresh if it comes back. */
    if (inPlace) { one("main").textContent = ""; }
    typed = false;
  }
  function personalForms() {
    typed = false;
    each(document.querySelectorAll("form[data-personal]"), function (form) {
      form.setAttribute("autocomplete", "off");
      form.addEventListener("input", function () { typed = true; });
      form.addEventListener("submit", function () { typed = false; });
    });
  }
  window.addEventListener("pagehide", forget);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && inPlace) { window.location.reload(); return; }
    if (event.persisted) { forget(); document.dispatchEvent(new Event("hulpwijzer:forgotten")); }
  });
  /* Leaving a page with typed, unsent answers asks first (but never the quick exit). */
  window.addEventListener("beforeunload", function (event) {
    if (typed && !leaving) { event.preventDefault(); event.returnValue = ""; }
  });

  /* Quick exit: replace this page in the history, so Back does not return to it. */
  function leave(url) {
    leaving = true;
    forget();
    document.body.style.visibility = "hidden";
    window.location.replace(url);
  }
  var exitLink = one("[data-quick-exit]");
  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      leave(exitLink.href);
    });
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) { leave(exitLink.href); }
    });
  }

  /* A copy button next to a code ([data-copy] names the element to copy). */
  function copyButtons() {
    each(document.querySelectorAll("[data-copy]"), function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var done = document.getElementById(button.getAttribute("data-copy") + "-copied");
      button.hidden = false;
      button.addEventListener("click", function () {
        var copied = navigator.clipboard ? navigator.clipboard.writeText(source.textContent.trim()) : Promise.reject();
        /* Without clipboard access the code is selected, ready to copy by hand. */
        copied.then(function () { done.hidden = false; }, function () { window.getSelection().selectAllChildren(source); });
      });
    });
  }

  /* Course: keep answers in this browser, but only after the visitor opts in.
     Nothing is written before "keep my answers" is pressed; "forget everything"
     removes every key the course wrote. Each course keeps its own keys, named
     after its id (data-storage). Nothing here talks to the server. */
  var store = null;
  try { store = window.localStorage; } catch (error) { store = null; }
  function prefix() {
    var panel = one("[data-storage]");
    return panel ? panel.getAttribute("data-storage") + ":" : "";
  }
  function on() { return store.getItem(prefix() + "bewaren") === "ja"; }
  function answersForm() { return one("[data-course-answers]") || one("[data-posted-answers]"); }
  function key(form) { return prefix() + "module-" + form.getAttribute("data-module"); }
  function fields(form, fn) { each(form.elements, function (el) { if (el.name && el.name !== "actie") { fn(el); } }); }

  function save() {
    var form = answersForm();
    if (!form || !prefix() || !on()) { return; }
    var answers = {};
    fields(form, function (el) {
      var many = el.type === "checkbox" || (el.type === "hidden" && form.querySelectorAll("[name='" + el.name + "']").length > 1);
      if (many) { answers[el.name] = answers[el.name] || []; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (!el.value) { return; }
      if (many) { answers[el.name].push(el.value); } else { answers[el.name] = el.value; }
    });
    store.setItem(key(form), JSON.stringify(answers));
  }

  function fill() {
    var form = one("[data-course-answers]"), answers;
    if (!form || !store || !prefix() || !on() || one(".field-error")) { return; }
    try { answers = JSON.parse(store.getItem(key(form)) || "{}"); } catch (error) { return; }
    fields(form, function (el) {
      var value = answers[el.name];
      if (value === undefined) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = [].concat(value).indexOf(el.value) !== -1; }
      else if (el.tagName === "TEXTAREA" && !el.value) { el.value = value; }
    });
  }

  function courseStorage() {
    var print = one("[data-print]");
    if (print) {
      print.hidden = false;
      one("[data-no-print-button]").hidden = true;
      print.addEventListener("click", function () { window.print(); });
    }
    var panel = one("[data-storage]"), form = answersForm(), PREFIX = prefix();
    if (!store || !panel) { return; }
    function show() {
      panel.querySelector("[data-storage-off]").hidden = on();
      panel.querySelector("[data-storage-on]").hidden = !on();
      document.dispatchEvent(new Event("course:storage"));
    }
    if (panel) {
      panel.hidden = false;
      show();
      panel.querySelector("[data-storage-opt-in]").addEventListener("click", function () {
        store.setItem(PREFIX + "bewaren", "ja");
        panel.querySelector("[data-storage-forgotten]").hidden = true;
        save();
        show();
      });
      panel.querySelector("[data-storage-forget]").addEventListener("click", function () {
        for (var i = store.length - 1; i >= 0; i -= 1) {
          if (store.key(i).indexOf(PREFIX) === 0) { store.removeItem(store.key(i)); }
        }
        panel.querySelector("[data-storage-forgotten]").hidden = false;
        show();
      });
    }
    if (form && form.hasAttribute("data-course-answers")) {
      fill();
      form.addEventListener("change", save);
      form.addEventListener("submit", save);
    } else {
      save(); /* the answers page: keep what was just posted, if opted in */
    }
  }
  document.addEventListener("hulpwijzer:forgotten", fill);

  /* A course's plan module: bring earlier answers kept in this browser into the plan. */
  function stopPlan() {
    var holder = one("[data-fill-stop-plan]"), PREFIX = prefix();
    if (!holder || !store || !PREFIX) { return; }
    function kept(number) {
      try { return JSON.parse(store.getItem(PREFIX + "module-" + number) || "{}"); } catch (error) { return {}; }
    }
    function update() { holder.hidden = store.getItem(PREFIX + "bewaren") !== "ja"; }
    update();
    document.addEventListener("course:storage", update);
    holder.querySelector("button").addEventListener("click", function () {
      each(document.querySelectorAll("[data-sources]"), function (area) {
        if (area.value.trim()) { return; }
        var parts = [];
        area.getAttribute("data-sources").split(" ").forEach(function (source) {
          var at = source.indexOf(":"), value = kept(source.slice(0, at))[source.slice(at + 1)];
          if (typeof value === "string" && value.trim()) { parts.push(value.trim()); }
        });
        area.value = parts.join("\n");
      });
      one("[data-stop-plan-filled]").hidden = false;
      holder.closest("form").dispatchEvent(new Event("change"));
    });
  }

  /* One entry in the browser's history for the whole visit. Moving inside the site replaces the
     current entry instead of adding one (links, forms), and the quick exit replaces it too, so
     Back leads to where the visit began, never to a page of this site. The site's own Back
     links keep the way back inside a flow; the browser's Back leaves the site. */
  function ours(url) { return url.origin === window.location.origin; }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || link.hasAttribute("download") || (link.target && link.target !== "_self")) { return; }
    var url = new URL(link.href, window.location.href), now = window.location;
    if (!ours(url) || (url.hash && url.pathname === now.pathname && url.search === now.search)) { return; }
    event.preventDefault();
    window.location.replace(url.href);
  });

  /* A posted page is shown in place of this one (the course's answers, the survey's thanks), so
     no posted page sits in the history and Back never asks to resubmit a form; a redirect after
     a post replaces the entry. A download stays a plain post: it opens no page. */
  function shown(html) {
    var page = new DOMParser().parseFromString(html, "text/html"), main = page.querySelector("main");
    if (!main) { return; }
    one("main").replaceWith(main);
    inPlace = true;
    document.title = page.title;
    var there = main.querySelector("[data-page-url]");
    if (there) { window.history.replaceState(null, "", there.getAttribute("data-page-url")); }
    start();
    main.focus();
    window.scrollTo(0, 0);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, button = event.submitter, url = new URL(form.action, window.location.href);
    if (event.defaultPrevented || !ours(url) || form.plain || !window.fetch || (button && button.value === "download")) { return; }
    var data = new FormData(form, button);
    event.preventDefault();
    if (form.method !== "post") {
      url.search = new URLSearchParams(data).toString();
      window.location.replace(url.href);
      return;
    }
    var body = form.enctype === "multipart/form-data" ? data : new URLSearchParams(data);
    fetch(url.href, { method: "POST", body: body }).then(function (response) {
      if (response.redirected) { window.location.replace(response.url); return ""; }
      return response.text();
    }).then(function (html) { if (html) { shown(html); } },
      function () { form.plain = 1; form.requestSubmit(button); }); /* a plain post after all */
  });

  function start() {
    [personalForms, copyButtons, courseStorage, stopPlan].forEach(function (part) { part(); });
  }
  start();
})();
