// What the page does before its code runs, inlined into index.html and
// live.html by Trunk (`rel="inline"`).

// Dark from the first paint when the app will make it so (src/web/look.rs),
// so that a dark room sees no light page flash by while the code loads.
// The address is read as the app reads it: the last usable `theme` counts.
{
  let theme = "auto";
  for (const value of new URLSearchParams(location.search).getAll("theme")) {
    if (["light", "dark", "auto"].includes(value.trim())) theme = value.trim();
  }
  const dark = theme === "auto" ? matchMedia("(prefers-color-scheme: dark)").matches : theme === "dark";
  if (dark) document.documentElement.dataset.theme = "dark";
}

// Code that failed to load or run says so where the page would start.
addEventListener("error", () => {
  const note = document.querySelector(".starting-note");
  if (note && !document.querySelector(".workspace")) {
    note.textContent =
      "ByzScope could not start: its code did not load, or this browser cannot run WebAssembly. Reloading the page may help.";
  }
});
