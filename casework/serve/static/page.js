// textual.js opens the terminal on window.onload, and xterm measures its cells and keeps each
// glyph it draws with whatever font is ready at that moment: a face still loading would leave
// the fallback's widths and shapes for the whole session. So the start waits for the faces
// (or for their failing, when the application starts with the browser's own monospace).
(() => {
  const start = window.onload;
  window.onload = (event) => {
    const text = "W\u2b58\u{1f50e}";
    const faces = ["16px 'Roboto Mono'", "bold 16px 'Roboto Mono'"].map((font) => document.fonts.load(font, text));
    Promise.allSettled(faces).then(() => start(event));
  };
})();
