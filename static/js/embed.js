//# allFunctionsCalledOnLoad
/* socialproof embed script (README: "Add the widgets").
 *
 * Fetches every [data-socialproof] placeholder in ONE request and places each server-rendered fragment
 * in its own shadow root; then keeps it alive (pages, forms, heartbeats). No cookies; localStorage holds
 * a random visitor id (one vote per shopper), their marks, the stylesheet and the widgets' last heights.
 *
 * Line 1 asks V8 (Chrome 136+) to compile every function as the script streams in, off the main thread:
 * most run at load, and compiling each at its first call took the page's main thread.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !script.src) return;
  const src = new URL(script.src);
  // The server is wherever this script came from, so the same markup works on any host.
  const server = src.origin + src.pathname.replace(/\/embed\.js$/, "");
  const shop = script.dataset.shop || "";
  const LANGS = ["fi", "sv", "en"];
  const sheet = new CSSStyleSheet(); // what every widget needs, parsed once, adopted by all
  const sectionSheet = new CSSStyleSheet(); // parsed when the first section is drawn
  let sectionCss = "";
  const HEADING = /<h2[\s>][\s\S]*?<\/h2>/; // a widget with a heading is a section
  const sheetsFor = (html) => {
    if (!HEADING.test(html)) return [sheet];
    if (sectionCss) sectionSheet.replaceSync(sectionCss);
    sectionCss = "";
    return [sheet, sectionSheet];
  };
  const reduceMotion = matchMedia("(prefers-reduced-motion: reduce)");

  const lang = (value) => {
    const code = (value || "").slice(0, 2).toLowerCase();
    return LANGS.includes(code) ? code : "";
  };
  const warn = (...args) => console.warn("socialproof:", ...args);
  // A refused answer in the server's words (the contract's {"error": "..."}).
  const refused = (r) =>
    r.json().then(
      (body) => Promise.reject(new Error(`HTTP ${r.status}: ${body.error}`)),
      () => Promise.reject(new Error(`HTTP ${r.status}`)),
    );

  const storage = (() => {
    try {
      return window.localStorage; // may be refused (privacy modes)
    } catch {
      return null;
    }
  })();
  const visitor = () => {
    if (!storage) return "";
    let id = storage.getItem("socialproof:visitor");
    if (!id) {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
      storage.setItem("socialproof:visitor", id);
    }
    return id;
  };
  const marksKey = `socialproof:marks:${shop}`;
  const readMarks = () => {
    try {
      return new Set(JSON.parse((storage && storage.getItem(marksKey)) || "[]"));
    } catch {
      return new Set();
    }
  };
  const markForms = (root) => root.querySelectorAll("form[data-sp-mark]");
  const cssKey = `socialproof:css:${shop}`;
  const heightsKey = `socialproof:heights:${shop}:${location.pathname}`;
  const recall = (key) => {
    try {
      return JSON.parse((storage && storage.getItem(key)) || "null");
    } catch {
      return null;
    }
  };
  const keep = (key, value) => {
    try {
      if (storage) storage.setItem(key, JSON.stringify(value));
    } catch {} // full or refused
  };

  // A cached fragment can't know this shopper: show their own marks from storage.
  function applyMarks(root) {
    const forms = markForms(root);
    if (!forms.length) return; // most widgets have no toggle: no read of storage for them
    const marks = readMarks();
    for (const form of forms) {
      const on = marks.has(form.dataset.spMark);
      form.elements.undo.value = on ? "1" : "0";
      form.querySelector("[aria-pressed]").setAttribute("aria-pressed", String(on));
    }
  }

  // An answer to this shopper's own post knows their marks: remember them.
  function rememberMarks(root) {
    if (!storage) return;
    const marks = readMarks();
    for (const form of markForms(root)) {
      if (form.elements.undo.value === "1") marks.add(form.dataset.spMark);
      else marks.delete(form.dataset.spMark);
    }
    storage.setItem(marksKey, JSON.stringify([...marks]));
  }

  function init() {
    const found = [...document.querySelectorAll("[data-socialproof]")].filter((n) => !n.dataset.spState);
    // A widget the shop's server rendered (a declarative shadow root) is only brought to life.
    for (const node of found.filter((n) => n.shadowRoot)) {
      node.dataset.spState = "ready";
      scheme(node);
      wire(node, node.shadowRoot);
      applyMarks(node.shadowRoot);
      scripted(node.shadowRoot);
      rotate(node, node.shadowRoot);
      if (node.shadowRoot.querySelector("[data-sp-heartbeat]")) heartbeat(node);
    }
    const nodes = found.filter((n) => !n.shadowRoot);
    if (!nodes.length) return;
    const query = new URLSearchParams();
    const pageLang = lang(document.documentElement.lang);
    const identified = new Map();
    for (const node of nodes) {
      node.dataset.spState = "loading";
      scheme(node); // before any is drawn: one style computation for all
      const parts = [node.dataset.socialproof, node.dataset.product || "", lang(node.dataset.lang) || pageLang];
      if (node.dataset.productName) parts.push(node.dataset.productName);
      // A product's identifiers (for its structured data): once, from any of its placeholders.
      const d = node.dataset, ids = [d.productGtin, d.productMpn, d.productSku, d.productBrand];
      if (d.product && ids.some(Boolean)) {
        const known = identified.get(d.product) || [];
        identified.set(d.product, ids.map((v, i) => known[i] || v || ""));
      }
      query.append("w", parts.join("~"));
    }
    for (const [product, ids] of identified) query.append("p", [product, ...ids].join("~"));
    // The product's page, for the all-reviews page's links (no query: nothing of the shopper's).
    if (nodes.some((n) => n.dataset.socialproof === "reviews")) query.append("u", location.origin + location.pathname);
    const kept = recall(cssKey);
    if (kept && kept.hash) query.append("css", kept.hash); // the server leaves out a stylesheet we hold
    fetch(`${server}/w/${encodeURIComponent(shop)}?${query}`, { credentials: "omit" })
      .then((r) => (r.ok ? r.json() : refused(r)))
      .then((data) => {
        const styles = data.css != null ? { hash: data.css_hash, css: data.css, split: data.css_split } : kept;
        if (data.css != null) keep(cssKey, styles);
        // styles.css: every widget's rules, the sections', the theme; split: the first two's lengths
        const [first, sections] = styles.split || [styles.css.length, 0];
        sheet.replaceSync(styles.css.slice(0, first) + styles.css.slice(first + sections));
        sectionCss = styles.css.slice(first);
        // Where each is, read before any is drawn: one layout for all.
        const near = nodes.map((n) => isNear(n.getBoundingClientRect()));
        data.widgets.forEach((w, i) => {
          const heading = w.html && w.html.match(HEADING);
          if (w.html == null) fail(nodes[i], named(nodes[i]), w.error);
          else if (near[i] || !heading) mount(nodes[i], w.html);
          else hold(nodes[i], w.html, heading[0]);
        });
        for (const node of nodes) if (node.dataset.spState === "ready") fitColours(node, node.shadowRoot);
        rememberHeights();
      })
      .catch((e) => nodes.forEach((node) => fail(node, "the widgets could not load:", e.message)));
  }

  // Drawing is most of what widgets cost a phone: a section a quarter of a screen away waits, showing its
  // heading, until it comes that near, Tab or find, or print. Small ones (stars, counts) are drawn at once.
  const NEAR = 0.25, waiting = new Map();
  const isNear = (r) => r.bottom > -NEAR * innerHeight && r.top < (1 + NEAR) * innerHeight;
  const later = new IntersectionObserver((seen) => seen.forEach((e) => e.isIntersecting && draw(e.target)), {
    rootMargin: `${NEAR * 100}% 0px`,
  });
  function hold(node, html, heading) {
    waiting.set(node, html);
    node.dataset.spState = "waiting";
    const root = node.shadowRoot || node.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet]; // its :host rules hold already
    place(root, heading);
    const data = html.match(/^<script type="application\/ld\+json">([\s\S]*?)<\/script>/); // a fragment's first, if any
    if (data) publishStructuredData(node, data[1]);
    later.observe(node);
  }
  function draw(node) {
    const html = waiting.get(node);
    if (!waiting.delete(node)) return;
    later.unobserve(node);
    mount(node, html);
    fitColours(node, node.shadowRoot);
  }
  const drawAll = () => waiting.forEach((_, node) => draw(node));
  // Not every key: a letter typed in the shop's own search box must not wait on it.
  addEventListener("keydown", (e) => (e.key === "Tab" || e.key === "F3" || ((e.ctrlKey || e.metaKey) && e.key === "f")) && drawAll(), true);
  addEventListener("beforeprint", drawAll);

  // Each widget's last height on this page, held until it is ready, so a repeat view doesn't shift.
  const placeholderKey = (n) => `${n.dataset.socialproof}~${n.dataset.product || ""}`;
  function holdHeights() {
    const heights = recall(heightsKey);
    if (!heights) return;
    const style = document.createElement("style");
    style.textContent = Object.entries(heights)
      .map(([key, height]) => {
        const [widget, product] = key.split("~");
        const selector = `[data-socialproof="${CSS.escape(widget)}"][data-product="${CSS.escape(product)}"]`;
        return `${selector}:not([data-sp-state=ready]){min-height:${Number(height)}px}`;
      })
      .join("\n");
    document.head.append(style);
  }
  function rememberHeights() {
    const heights = recall(heightsKey) || {}; // one not drawn this time keeps its last
    for (const n of document.querySelectorAll("[data-socialproof][data-sp-state=ready]")) heights[placeholderKey(n)] = n.offsetHeight;
    keep(heightsKey, heights);
  }

  const named = (n) => `the ${n.dataset.socialproof} widget${n.dataset.product ? ' of product "' + n.dataset.product + '"' : ""}:`;
  function fail(node, ...message) {
    node.style.minHeight = ""; // no space held for a widget that won't come
    warn(...message, node);
  }

  // The colour scheme: the merchant's data-theme (light, dark, auto = the system's) on the placeholder or
  // the script; else the page's: dark when what is behind the placeholder has a luminance under 0.19.
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  function scheme(node) {
    const chosen = node.dataset.theme || script.dataset.theme;
    if (chosen) return (node.dataset.theme = chosen);
    for (let el = node.parentElement; el; el = el.parentElement) {
      const [r, g, b, a = 1] = (getComputedStyle(el).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      if (a > 0.5) {
        node.spBehind = [r, g, b];
        return (node.dataset.spScheme = luminance([r, g, b]) < 0.19 ? "dark" : "light");
      }
    }
    // Nothing painted: dark only where the page's color-scheme allows it and the system is.
    const dark = /dark/.test(getComputedStyle(document.documentElement).colorScheme) && matchMedia("(prefers-color-scheme: dark)").matches;
    node.dataset.spScheme = dark ? "dark" : "light";
  }

  // The accent and muted text were checked on the widgets' own backgrounds: where they fail 4.5:1 on the
  // page's, its own text colour stands in.
  function fitColours(node, root) {
    const sp = root.querySelector(".sp"), behind = node.spBehind;
    if (!sp || !behind) return;
    for (const name of ["accent", "muted"]) {
      const hex = getComputedStyle(sp).getPropertyValue(`--sp-${name}`).trim().match(/^#(\w\w)(\w\w)(\w\w)$/);
      if (!hex) continue;
      const [high, low] = [luminance(hex.slice(1).map((h) => parseInt(h, 16))), luminance(behind)].sort((x, y) => y - x);
      const own = `--socialproof-${name}${node.dataset.spScheme === "dark" ? "-dark" : ""}`;
      if ((high + 0.05) / (low + 0.05) < 4.5) node.style.setProperty(own, getComputedStyle(node).color);
    }
  }

  // A widget the shopper hid (the floating badge) stays hidden for their visit.
  function dismiss(node, now) {
    const key = `socialproof:hidden:${shop}:${placeholderKey(node)}`;
    try {
      if (now) sessionStorage.setItem(key, "1");
      node.hidden = now || sessionStorage.getItem(key) === "1";
    } catch {
      node.hidden = now; // storage refused: hidden on this page only
    }
  }

  // Parts only for a script show now; stand-ins for one (a form's Apply button) hide.
  const scripted = (root) => {
    root.querySelectorAll("[data-sp-js]").forEach((part) => (part.hidden = false));
    root.querySelectorAll("[data-sp-nojs]").forEach((part) => (part.hidden = true));
  };

  // The carousel: one slide on or back, round from the last to the first.
  function slide(root, by, smooth) {
    const track = root.querySelector("[data-sp-track]");
    if (!track || !track.firstElementChild) return;
    const step = track.firstElementChild.getBoundingClientRect().width + parseFloat(getComputedStyle(track).columnGap || 0);
    const last = track.scrollWidth - track.clientWidth;
    let left = track.scrollLeft + by * step;
    if (left > last + 2) left = 0;
    else if (left < -2) left = last;
    track.scrollTo({ left, behavior: smooth ? "smooth" : "auto" });
  }
  // Turning by itself only if asked (data-rotate: seconds, >= 5), never under reduced motion, over the
  // pointer or with focus in it; its button stops it.
  function rotate(node, root) {
    const every = Number(node.dataset.rotate), button = root.querySelector("[data-sp-rotate]");
    if (!(every >= 5) || !button || reduceMotion.matches) return;
    const track = root.querySelector("[data-sp-track]");
    const stopText = button.textContent;
    let stopped = false, held = 0;
    const live = () => track.setAttribute("aria-live", stopped ? "polite" : "off");
    button.hidden = false;
    live();
    button.addEventListener("click", () => {
      stopped = !stopped;
      button.textContent = stopped ? button.dataset.spStart : stopText;
      live();
    });
    for (const [event, change] of [["pointerenter", 1], ["pointerleave", -1], ["focusin", 1], ["focusout", -1]])
      node.addEventListener(event, () => (held = Math.max(0, held + change)));
    const timer = setInterval(() => {
      if (!node.isConnected) clearInterval(timer);
      else if (!stopped && !held) slide(root, 1, false);
    }, every * 1000);
  }

  function mount(node, html) {
    if (node.dataset.position != null) dismiss(node, false);
    const root = node.shadowRoot || node.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = sheetsFor(html);
    wire(node, root);
    show(node, html, {});
    if (root.querySelector("[data-sp-heartbeat]")) heartbeat(node);
    rotate(node, root);
  }

  // The only HTML placed: what the server rendered and escaped.
  const place = (root, html) => (root.innerHTML = html);

  // focus: true to move focus into the new content; mark: the toggle to keep focus on.
  function show(node, html, { focus, mark, posted }) {
    const root = node.shadowRoot;
    const stylesheets = root.querySelectorAll("link[rel=stylesheet]"); // a server-rendered widget's
    place(root, html);
    root.prepend(...stylesheets);
    node.dataset.spState = "ready";
    node.style.minHeight = "";
    scripted(root);
    if (posted) rememberMarks(root);
    else applyMarks(root);
    const data = root.querySelector('script[type="application/ld+json"]');
    if (data) {
      publishStructuredData(node, data.textContent);
      data.remove(); // search engines read the page's copy
    }
    if (!focus) return;
    const toggle = mark && [...markForms(root)].find((f) => f.dataset.spMark === mark);
    if (toggle) return toggle.querySelector("button").focus();
    const target = root.querySelector("[data-sp-focus]") || root.querySelector("h2");
    if (target) {
      if (target.tabIndex < 0) target.tabIndex = -1; // a heading focusable; a field keeps its tab stop
      target.focus({ preventScroll: true });
      if (node.getBoundingClientRect().top < 0) node.scrollIntoView({ behavior: reduceMotion.matches ? "auto" : "smooth" });
    }
  }

  // Search engines don't read shadow roots: one copy per product in <head>.
  function publishStructuredData(node, text) {
    const id = `socialproof-${node.dataset.product}`;
    // A server-rendered widget's own copy beside it is kept current.
    let copy = node.querySelector(':scope > script[type="application/ld+json"]') || document.getElementById(id);
    if (!copy) {
      copy = document.createElement("script");
      copy.type = "application/ld+json";
      copy.id = id;
      document.head.append(copy);
    }
    const product = JSON.parse(text);
    // One Product per page: merged with the shop's own by @id.
    product["@id"] = node.dataset.productJsonldId || product["@id"] || `${location.origin}${location.pathname}#product`;
    copy.textContent = JSON.stringify(product);
  }

  function load(node, url, init, mark, keep) {
    // Its height held while the next page loads.
    node.style.minHeight = `${node.offsetHeight}px`;
    const first = node.shadowRoot.querySelector(".sp");
    if (first) first.classList.add("sp-busy");
    return fetch(url, { credentials: "omit", ...init })
      .then((r) => (r.ok ? r.text() : refused(r)))
      .then((html) => show(node, html, { focus: !keep, mark, posted: init && init.method === "POST" }))
      .then(() => keep && node.shadowRoot.getElementById(keep)?.focus())
      .catch((e) => {
        if (first) first.classList.remove("sp-busy");
        node.style.minHeight = "";
        warn(e.message);
      });
  }

  function jump(node, widget) {
    const selector = `[data-socialproof="${widget}"][data-product="${CSS.escape(node.dataset.product || "")}"]`;
    const target = document.querySelector(selector);
    if (!target) return false;
    draw(target);
    target.scrollIntoView({ behavior: reduceMotion.matches ? "auto" : "smooth" });
    const heading = target.shadowRoot && target.shadowRoot.querySelector("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return true;
  }

  // The photo lightbox: a modal <dialog>; arrows move; focus returns to the photo.
  function lightbox(root, link) {
    const dialog = root.querySelector("dialog.sp-lightbox");
    if (!dialog) return false;
    const links = [...root.querySelectorAll("a[data-sp-photo]")];
    let image = dialog.querySelector(".sp-lightbox-image");
    if (!image) {
      // Not in the markup: an <img> may not stand without a src.
      image = document.createElement("img");
      image.className = "sp-lightbox-image";
      dialog.querySelector(".sp-lightbox-figure").prepend(image);
    }
    let index = links.indexOf(link);
    const showPhoto = (i) => {
      index = (i + links.length) % links.length;
      const current = links[index];
      image.src = current.href;
      image.alt = current.querySelector("img").alt;
      image.width = current.dataset.spWidth;
      image.height = current.dataset.spHeight;
      dialog.querySelector(".sp-lightbox-caption").textContent = current.dataset.spCaption;
      dialog.querySelector(".sp-lightbox-count").textContent = dialog.dataset.spCount
        .replace("%(n)s", index + 1)
        .replace("%(total)s", links.length);
    };
    dialog.onclick = (event) => {
      const button = event.target.closest("button");
      if (event.target === dialog || (button && button.hasAttribute("data-sp-close"))) dialog.close();
      else if (button && button.hasAttribute("data-sp-next")) showPhoto(index + 1);
      else if (button && button.hasAttribute("data-sp-prev")) showPhoto(index - 1);
    };
    dialog.onkeydown = (event) => {
      if (event.key === "ArrowRight") showPhoto(index + 1);
      else if (event.key === "ArrowLeft") showPhoto(index - 1);
      else if (event.key === "Tab") {
        // Tab stays inside the dialog.
        const buttons = [...dialog.querySelectorAll("button")];
        const edge = event.shiftKey ? buttons[0] : buttons[buttons.length - 1];
        if (root.activeElement === edge) {
          event.preventDefault();
          (event.shiftKey ? buttons[buttons.length - 1] : buttons[0]).focus();
        }
      }
    };
    dialog.onclose = () => links[index].focus();
    showPhoto(index);
    dialog.showModal();
    dialog.querySelector("[data-sp-close]").focus();
    return true;
  }

  function wire(node, root) {
    if (root.spWired) return;
    root.spWired = true;
    root.addEventListener("click", (event) => {
      if (event.target.closest("[data-sp-dismiss]")) return dismiss(node, true);
      const turn = event.target.closest("[data-sp-slide]");
      if (turn) return slide(root, Number(turn.dataset.spSlide), !reduceMotion.matches);
      const a = event.target.closest("a[href]");
      if (!a) return;
      const href = a.getAttribute("href");
      if (a.hasAttribute("data-sp-photo")) {
        if (lightbox(root, a)) event.preventDefault();
      } else if (a.hasAttribute("data-sp-nav")) {
        event.preventDefault();
        load(node, a.href);
      } else if (a.dataset.spJump) {
        if (jump(node, a.dataset.spJump)) event.preventDefault();
      } else if (href.startsWith("#")) {
        // Links into this shadow root (the error summary); one into a closed <details> opens it.
        let field = root.getElementById(href.slice(1));
        if (field) {
          event.preventDefault();
          const details = field.closest("details");
          if (details && !details.open) details.open = true;
          if (field === details) field = details.querySelector("input:not([type=hidden]):not([tabindex=\"-1\"]), select, textarea") || field;
          field.focus();
          if (field.getBoundingClientRect().top < 0 || field.getBoundingClientRect().bottom > innerHeight)
            field.scrollIntoView({ block: "center", behavior: reduceMotion.matches ? "auto" : "smooth" });
        }
      }
    });
    // A reading form's choice (sort, stars) applies on change; focus stays on it.
    root.addEventListener("change", (event) => {
      const form = event.target.closest("form[data-sp-get]");
      if (form) load(node, `${form.action}?${new URLSearchParams(new FormData(form))}`, undefined, undefined, event.target.id);
    });
    root.addEventListener("submit", (event) => {
      const form = event.target;
      const data = new FormData(form);
      if (form.hasAttribute("data-sp-get")) {
        event.preventDefault();
        load(node, `${form.action}?${new URLSearchParams(data)}`);
      } else if (form.hasAttribute("data-sp-form")) {
        event.preventDefault();
        data.append("visitor", visitor());
        const button = form.querySelector("[type=submit]");
        if (button) button.disabled = true;
        load(node, form.action, { method: "POST", body: data }, form.dataset.spMark);
      }
    });
  }

  // "N others are looking at this now", while the page is visible: the first beat after a few seconds
  // (loading stays two requests), then every data-sp-every seconds; a removed widget stops.
  function heartbeat(node) {
    const every = Number(node.shadowRoot.querySelector("[data-sp-every]")?.dataset.spEvery);
    // Only people are "looking now", not automated browsers.
    if (!(every > 0) || navigator.webdriver) return;
    const beat = () => {
      if (!node.isConnected) return stop();
      const target = node.shadowRoot.querySelector("[data-sp-heartbeat]");
      if (!target || document.visibilityState !== "visible") return;
      const body = new FormData();
      body.append("visitor", visitor());
      fetch(target.dataset.spHeartbeat, { method: "POST", body, credentials: "omit" })
        .then((r) => (r.ok ? r.text() : refused(r)))
        .then((html) => show(node, html, { posted: true }))
        .catch((e) => warn("heartbeat:", e.message));
    };
    const first = setTimeout(beat, 4000);
    const repeat = setInterval(beat, every * 1000);
    const stop = () => {
      clearTimeout(first);
      clearInterval(repeat);
      document.removeEventListener("visibilitychange", beat);
    };
    document.addEventListener("visibilitychange", beat);
  }

  // Pages that add placeholders later (single-page shops) call socialproof.refresh().
  window.socialproof = { refresh: init };
  holdHeights();
  addEventListener("pagehide", rememberHeights); // the heights as the shopper last saw them
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
