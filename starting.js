// What the page does before its code runs, inlined into index.html and
// live.html by Trunk (`rel="inline"`).

// Dark from the first paint when the app will make it so (src/web/look.rs),
// so that a dark room sees no light page flash by while the code loads.
{
  const theme = /[?&]theme=(light|dark)(?:[&#]|$)/.exec(location.search);
  if (theme ? theme[1] === "dark" : matchMedia("(prefers-color-scheme: dark)").matches) {
    document.documentElement.dataset.theme = "dark";
  }
}

// Code that failed to load or run says so where the page would start.
addEventListener("error", () => {
  const note = document.querySelector(".starting-note");
  if (note && !document.querySelector(".workspace")) {
    note.textContent =
      "ByzScope could not start: its code did not load, or this browser cannot run WebAssembly. Reloading the page may help.";
  }
});
