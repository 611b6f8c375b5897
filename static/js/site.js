/* Progressive enhancement only: every page works without this file. Short names and arrow
   functions because every byte counts against the page budget (tests/test_budget.py). */
(() => {
  const D = document, W = window, L = location;
  const one = s => D.querySelector(s), all = s => [...D.querySelectorAll(s)];
  const listen = (target, type, fn) => target.addEventListener(type, fn);

  /* Forms with personal answers ([data-personal]): typed text must not come back after Back,
     a reload or the back/forward cache. autocomplete="off" stops Chromium restoring the fields
     from its saved form state; a page shown again from the bfcache keeps its DOM, so it is
     emptied on pagehide and again on pageshow. */
  let typed = false, leaving = false, inPlace = false;
  const forget = () => {
    all("form[data-personal]").forEach(form => form.reset());
    /* Answers shown in place (below) are gone too: the page is fetched afresh if it comes back. */
    if (inPlace) { one("main").textContent = ""; }
    typed = false;
  };
  const guard = () => {
    typed = false;
    all("form[data-personal]").forEach(form => {
      form.setAttribute("autocomplete", "off");
      listen(form, "input", () => { typed = true; });
      listen(form, "submit", () => { typed = false; });
    });
  };
  listen(W, "pagehide", forget);
  listen(W, "pageshow", e => {
    if (e.persisted && inPlace) { L.reload(); return; }
    if (e.persisted) { forget(); fill(); }
  });
  /* Leaving a page with typed, unsent answers asks first (but never the quick exit). */
  listen(W, "beforeunload", e => {
    if (typed && !leaving) { e.preventDefault(); e.returnValue = ""; }
  });

  /* Quick exit: replace this page in the history, so Back does not return to it. */
  const leave = url => {
    leaving = true;
    forget();
    D.body.style.visibility = "hidden";
    L.replace(url);
  };
  const exit = one("[data-quick-exit]");
  if (exit) {
    listen(exit, "click", e => { e.preventDefault(); leave(exit.href); });
    let shifts = [];
    listen(D, "keyup", e => {
      if (e.key !== "Shift") { shifts = []; return; }
      const now = Date.now();
      shifts = shifts.filter(t => now - t < 1500);
      shifts.push(now);
      if (shifts.length >= 3) { leave(exit.href); }
    });
  }

  /* A copy button next to a code ([data-copy] names the element to copy). */
  const copy = () => all("[data-copy]").forEach(button => {
    const name = button.dataset.copy, source = D.getElementById(name);
    button.hidden = false;
    listen(button, "click", () => {
      const copied = navigator.clipboard ? navigator.clipboard.writeText(source.textContent.trim()) : Promise.reject();
      /* Without clipboard access the code is selected, ready to copy by hand. */
      copied.then(() => { D.getElementById(name + "-copied").hidden = false; }, () => W.getSelection().selectAllChildren(source));
    });
  });

  /* Course: keep answers in this browser, but only after the visitor opts in.
     Nothing is written before "keep my answers" is pressed; "forget everything"
     removes every key the course wrote. Each course keeps its own keys, named
     after its id (data-storage). Nothing here talks to the server. */
  let store = null;
  try { store = W.localStorage; } catch { store = null; }
  const prefix = () => { const panel = one("[data-storage]"); return panel ? panel.dataset.storage + ":" : ""; };
  const on = () => store.getItem(prefix() + "bewaren") === "ja";
  const answered = () => one("[data-course-answers]") || one("[data-posted-answers]");
  const key = form => prefix() + "module-" + form.dataset.module;
  const fields = (form, fn) => [...form.elements].forEach(el => { if (el.name && el.name !== "actie") { fn(el); } });
  const ticked = el => el.type === "checkbox" || el.type === "radio";

  const save = () => {
    const form = answered(), answers = {};
    if (!form || !prefix() || !on()) { return; }
    fields(form, el => {
      const many = el.type === "checkbox" || (el.type === "hidden" && form.querySelectorAll("[name='" + el.name + "']").length > 1);
      if (many) { answers[el.name] = answers[el.name] || []; }
      if ((ticked(el) && !el.checked) || !el.value) { return; }
      if (many) { answers[el.name].push(el.value); } else { answers[el.name] = el.value; }
    });
    store.setItem(key(form), JSON.stringify(answers));
  };

  const fill = () => {
    const form = one("[data-course-answers]");
    let answers;
    if (!form || !store || !prefix() || !on() || one(".field-error")) { return; }
    try { answers = JSON.parse(store.getItem(key(form)) || "{}"); } catch { return; }
    fields(form, el => {
      const value = answers[el.name];
      if (value === undefined) { return; }
      if (ticked(el)) { el.checked = [].concat(value).includes(el.value); }
      else if (el.tagName === "TEXTAREA" && !el.value) { el.value = value; }
    });
  };

  const storage = () => {
    const print = one("[data-print]");
    if (print) {
      print.hidden = false;
      one("[data-no-print-button]").hidden = true;
      listen(print, "click", () => W.print());
    }
    const panel = one("[data-storage]"), form = answered(), P = prefix();
    if (!store || !panel) { return; }
    const part = name => panel.querySelector("[data-storage-" + name + "]");
    const show = () => {
      part("off").hidden = on();
      part("on").hidden = !on();
      D.dispatchEvent(new Event("course:storage"));
    };
    panel.hidden = false;
    show();
    listen(part("opt-in"), "click", () => {
      store.setItem(P + "bewaren", "ja");
      part("forgotten").hidden = true;
      save();
      show();
    });
    listen(part("forget"), "click", () => {
      for (let i = store.length - 1; i >= 0; i -= 1) {
        if (store.key(i).startsWith(P)) { store.removeItem(store.key(i)); }
      }
      part("forgotten").hidden = false;
      show();
    });
    if (form && form.hasAttribute("data-course-answers")) {
      fill();
      listen(form, "change", save);
      listen(form, "submit", save);
    } else {
      save(); /* the answers page: keep what was just posted, if opted in */
    }
  };

  /* A course's plan module: bring earlier answers kept in this browser into the plan. */
  const plan = () => {
    const box = one("[data-fill-stop-plan]"), P = prefix();
    if (!box || !store || !P) { return; }
    const kept = number => { try { return JSON.parse(store.getItem(P + "module-" + number) || "{}"); } catch { return {}; } };
    const update = () => { box.hidden = store.getItem(P + "bewaren") !== "ja"; };
    update();
    listen(D, "course:storage", update);
    listen(box.querySelector("button"), "click", () => {
      all("[data-sources]").forEach(area => {
        if (area.value.trim()) { return; }
        area.value = area.dataset.sources.split(" ").map(source => {
          const at = source.indexOf(":"), value = kept(source.slice(0, at))[source.slice(at + 1)];
          return typeof value === "string" ? value.trim() : "";
        }).filter(Boolean).join("\n");
      });
      one("[data-stop-plan-filled]").hidden = false;
      box.closest("form").dispatchEvent(new Event("change"));
    });
  };

  /* One entry in the browser's history for the whole visit. Moving inside the site replaces the
     current entry instead of adding one (links, forms), and the quick exit replaces it too, so
     Back leads to where the visit began, never to a page of this site. The site's own Back
     links keep the way back inside a flow; the browser's Back leaves the site. */
  const ours = url => url.origin === L.origin;
  listen(D, "click", e => {
    const link = e.target.closest && e.target.closest("a[href]");
    if (!link || e.defaultPrevented || e.button || e.ctrlKey || e.metaKey || e.shiftKey ||
        e.altKey || link.hasAttribute("download") || (link.target && link.target !== "_self")) { return; }
    const url = new URL(link.href, L.href);
    if (!ours(url) || (url.hash && url.pathname === L.pathname && url.search === L.search)) { return; }
    e.preventDefault();
    L.replace(url.href);
  });

  /* A posted page is shown in place of this one (the course's answers, the survey's thanks), so
     no posted page sits in the history and Back never asks to resubmit a form; a redirect after
     a post replaces the entry. A download stays a plain post: it opens no page. */
  const shown = html => {
    const page = new DOMParser().parseFromString(html, "text/html"), main = page.querySelector("main");
    if (!main) { return; }
    one("main").replaceWith(main);
    inPlace = true;
    D.title = page.title;
    const there = main.querySelector("[data-page-url]");
    if (there) { history.replaceState(null, "", there.dataset.pageUrl); }
    start();
    main.focus();
    W.scrollTo(0, 0);
  };
  listen(D, "submit", e => {
    const form = e.target, button = e.submitter, url = new URL(form.action, L.href);
    if (e.defaultPrevented || !ours(url) || form.plain || !W.fetch || (button && button.value === "download")) { return; }
    const data = new FormData(form, button);
    e.preventDefault();
    if (form.method !== "post") {
      url.search = new URLSearchParams(data);
      L.replace(url.href);
      return;
    }
    const body = form.enctype === "multipart/form-data" ? data : new URLSearchParams(data);
    fetch(url.href, { method: "POST", body })
      .then(r => (r.redirected ? L.replace(r.url) : r.text()))
      .then(html => html && shown(html), () => { form.plain = 1; form.requestSubmit(button); }); /* a plain post after all */
  });

  const start = () => [guard, copy, storage, plan].forEach(part => part());
  start();
})();
