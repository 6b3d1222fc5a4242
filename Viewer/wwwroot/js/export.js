// Export: the current view as PNG (the canvas as drawn) or SVG (the same scene as vector elements), and a link that
// reopens this view: the run, layout, level, colouring, filters, search, expanded services and the selection.

export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function downloadPng(canvas, name) {
  canvas.toBlob(blob => {
    if (blob) download(name, blob);
  }, "image/png");
}

export function downloadSvg(svg, name) {
  download(name, new Blob([svg], { type: "image/svg+xml" }));
}

const KEYS = ["run", "layout", "level", "color", "service", "package", "zone", "search", "select", "expand"];

/** The page's address for a view: {run, layout, level, color, service, package, zone, search, select, expand: [..]}. */
export function linkTo(view) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = key === "expand" ? (view.expand || []).join(",") : view[key];
    if (value) params.set(key, value);
  }
  return `${location.origin}${location.pathname}?${params}`;
}

/** What the page's address asks for (unknown keys ignored; values bounded). */
export function readLink(search) {
  const params = new URLSearchParams(search), out = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (!value || value.length > 300) continue;
    out[key] = key === "expand" ? value.split(",").filter(Boolean).slice(0, 100) : value;
  }
  return out;
}
