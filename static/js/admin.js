/* The moderation workspace's keyboard shortcuts. Every page works without this. */
(() => {
  "use strict";
  const queue = document.querySelector("[data-queue]");
  if (!queue) return;
  const rows = [...queue.querySelectorAll("[data-row]")];
  let current = -1;
  const move = (step) => {
    current = Math.max(0, Math.min(rows.length - 1, current + step));
    rows[current].focus();
    rows[current].scrollIntoView({ block: "nearest" });
  };
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) && event.target.type !== "checkbox";
    if (typing || event.ctrlKey || event.metaKey || event.altKey || !rows.length) return;
    const row = rows[current];
    if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "x" && row) row.querySelector("input[type=checkbox]").click();
    else if (event.key === "a" && row) row.querySelector("[data-approve]").click();
    else if (event.key === "r" && row) row.querySelector("select").focus();
    else return;
    event.preventDefault();
  });
  rows.forEach((row, index) => row.addEventListener("focusin", () => { current = index; }));
})();
