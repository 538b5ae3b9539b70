/* socialproof embed script.
 *
 * <script src="https://reviews.example.fi/embed.js" data-shop="SLUG" async></script>
 * <div data-socialproof="stars" data-product="PRODUCT-ID"></div>
 *
 * Finds every [data-socialproof] placeholder, fetches all of them in ONE
 * request, and places each server-rendered fragment in its own shadow root,
 * so the shop's CSS can't break a widget and a widget's CSS can't leak out.
 * The server renders all HTML; this script only places it and keeps it alive
 * (pages, sorting, the review form). No cookies, nothing from third parties.
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
  const sheet = new CSSStyleSheet(); // parsed once, adopted by every widget
  const reduceMotion = matchMedia("(prefers-reduced-motion: reduce)");

  const lang = (value) => {
    const code = (value || "").slice(0, 2).toLowerCase();
    return LANGS.includes(code) ? code : "";
  };
  const warn = (...args) => console.warn("socialproof:", ...args);

  function init() {
    const nodes = [...document.querySelectorAll("[data-socialproof]")].filter((n) => !n.dataset.spState);
    if (!nodes.length) return;
    const query = new URLSearchParams();
    const pageLang = lang(document.documentElement.lang);
    for (const node of nodes) {
      node.dataset.spState = "loading";
      query.append("w", [node.dataset.socialproof, node.dataset.product || "", lang(node.dataset.lang) || pageLang].join("~"));
    }
    fetch(`${server}/w/${encodeURIComponent(shop)}?${query}`, { credentials: "omit" })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((data) => {
        sheet.replaceSync(data.css);
        data.widgets.forEach((w, i) => (w.html == null ? warn(w.error, nodes[i]) : mount(nodes[i], w.html)));
      })
      .catch((e) => warn("the widgets could not load:", e.message));
  }

  function mount(node, html) {
    const root = node.shadowRoot || node.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    wire(node, root);
    show(node, html, false);
  }

  function show(node, html, moveFocus) {
    const root = node.shadowRoot;
    root.innerHTML = html; // a fragment rendered and escaped by the server
    node.dataset.spState = "ready";
    node.style.minHeight = "";
    if (!moveFocus) return;
    const target = root.querySelector("[data-sp-focus]") || root.querySelector("h2");
    if (target) {
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
      if (node.getBoundingClientRect().top < 0) node.scrollIntoView({ behavior: reduceMotion.matches ? "auto" : "smooth" });
    }
  }

  function load(node, url, init) {
    // Hold the widget's height while the next page loads, so nothing below it jumps.
    node.style.minHeight = `${node.offsetHeight}px`;
    const first = node.shadowRoot.firstElementChild;
    if (first) first.classList.add("sp-busy");
    return fetch(url, { credentials: "omit", ...init })
      .then((r) => (r.ok ? r.text() : r.json().then((e) => Promise.reject(new Error(e.error)))))
      .then((html) => show(node, html, true))
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
    target.scrollIntoView({ behavior: reduceMotion.matches ? "auto" : "smooth" });
    const heading = target.shadowRoot && target.shadowRoot.querySelector("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return true;
  }

  function wire(node, root) {
    if (root.spWired) return;
    root.spWired = true;
    root.addEventListener("click", (event) => {
      const a = event.target.closest("a[href]");
      if (!a) return;
      const href = a.getAttribute("href");
      if (a.hasAttribute("data-sp-nav")) {
        event.preventDefault();
        load(node, a.href);
      } else if (a.dataset.spJump) {
        if (jump(node, a.dataset.spJump)) event.preventDefault();
      } else if (href.startsWith("#")) {
        // In-widget links (the error summary) point into this shadow root, not the page.
        const field = root.getElementById(href.slice(1));
        if (field) {
          event.preventDefault();
          field.focus();
        }
      }
    });
    root.addEventListener("submit", (event) => {
      const form = event.target;
      const data = new FormData(form);
      if (form.hasAttribute("data-sp-get")) {
        event.preventDefault();
        load(node, `${form.action}?${new URLSearchParams(data)}`);
      } else if (form.hasAttribute("data-sp-form")) {
        event.preventDefault();
        const button = form.querySelector("[type=submit]");
        if (button) button.disabled = true;
        load(node, form.action, { method: "POST", body: data });
      }
    });
  }

  // Pages that add placeholders later (single-page shops) call socialproof.refresh().
  window.socialproof = { refresh: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
