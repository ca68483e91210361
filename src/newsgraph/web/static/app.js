// newsgraph web UI: the little that needs a script. On an article page, the event whose
// trigger was clicked (or named in the address, #event-ID) is selected and its trigger outlined.
"use strict";

function selectEvent(id) {
  document.querySelectorAll(".event-card.selected").forEach(card => card.classList.remove("selected"));
  document.querySelectorAll("a.mark-trigger.active").forEach(a => a.classList.remove("active"));
  const card = document.getElementById("event-" + id);
  if (!card) return;
  card.classList.add("selected");
  document.querySelectorAll("a.mark-trigger").forEach(a => {
    if (a.dataset.event === id) a.classList.add("active");
  });
}

function selectFromAddress() {
  const hash = decodeURIComponent(window.location.hash || "");
  if (hash.startsWith("#event-")) selectEvent(hash.slice("#event-".length));
}

document.addEventListener("DOMContentLoaded", () => {
  window.addEventListener("hashchange", selectFromAddress);
  selectFromAddress();
});
