// spigo viewer: a run's nanoservices on a canvas, fed live from the run's Edda (Server-Sent Events) and counters
// (/api/traffic), or from GraphJSON files. This file wires the page; the parts live beside it.
import { Graph, deriveView, gone } from "./model.js";
import { tiers, architectureLayout, forceLayout } from "./layout.js";
import { draw, toSvg, palette, radius, isRed, RED, formatRate } from "./render.js";
import { Traffic } from "./traffic.js";
import { showPanel } from "./panel.js";
import { EventStrip } from "./events.js";
import { Timeline } from "./timeline.js";
import { downloadPng, downloadSvg, linkTo, readLink } from "./export.js";

const AGGREGATE_ABOVE = 10000;   // pirates beyond this many start with one node per service
const LEGEND_MAX = 200;
const $ = id => document.getElementById(id);
const canvas = $("graph"), ctx = canvas.getContext("2d"), tooltip = $("tooltip");

const graph = new Graph(), traffic = new Traffic();
const asked = readLink(location.search);
const state = {
  layout: asked.layout || null, level: asked.level || null, color: asked.color || "service",
  expanded: new Set(asked.expand || []), selected: asked.select || null, search: asked.search || "",
  run: null, userZoomed: false, arch: "", chosen: false,
};
let color = palette();
let view = { nodes: [], links: [] }, boxes = [], tierOf = new Map(), serviceEdges = [], pairWeight = new Map();
let transform = d3.zoomIdentity, fitted = null, quadtree = null, lit = null;
let drawn = { drawnNodes: 0, drawnEdges: 0, labelled: [] }, frames = 0, dirty = true, builtVersion = -1;
let stream = null, trafficTimer = null, files = [], fileIndex = 0;
let viewId = 0, litId = 0;   // bumped when the drawn view or the highlight changes: the edge layer is drawn again
// The values each filter already offers: scanning a select's options for each of 10,000 services took half a minute.
const offered = { service: new Set(), package: new Set(), zone: new Set() };

const force = forceLayout(() => { quadtree = null; viewId++; if (!state.userZoomed) fit(false); dirty = true; });
const strip = new EventStrip($("events"), e => { if (e.service) select(e.service); });
const timeline = new Timeline({ play: $("play"), slider: $("time"), label: $("timeLabel"), speed: $("speed"), live: $("live") },
  graph, () => scheduleRebuild());

for (const [id, value] of [["service", asked.service], ["package", asked.package], ["zone", asked.zone]]) {
  if (value) { addOption(id, value); $(id).value = value; }
}
$("colorBy").value = state.color;
$("search").value = state.search;

// ---- what is drawn -----------------------------------------------------------------------------------------------

// Whether every node is a pirate, worked out once per change of the graph (layout() is asked every frame).
let piratesAt = -1, allPirates = false;
const pirates = () => {
  if (piratesAt !== graph.version) { piratesAt = graph.version; allPirates = graph.nodes.size > 0 && [...graph.nodes.values()].every(n => n.package === "pirate"); }
  return allPirates;
};
const layout = () => state.layout || (pirates() || graph.nodes.size === 0 ? "force" : "architecture");
const level = () => state.level || (layout() === "force" && graph.nodes.size <= AGGREGATE_ABOVE ? "instance" : "service");

function addOption(id, value) {
  if (!value || offered[id].has(value)) return;
  offered[id].add(value);
  $(id).add(new Option(value, value));
}

let rebuildPending = false;
function scheduleRebuild() {
  if (rebuildPending) return;
  rebuildPending = true;
  requestAnimationFrame(() => { rebuildPending = false; rebuild(); });
}

function rebuild() {
  builtVersion = graph.version;
  for (const n of graph.nodes.values()) { addOption("service", n.service); addOption("package", n.package); addOption("zone", n.zone); }
  serviceEdges = graph.serviceEdges();
  const services = [...new Set([...graph.nodes.values()].map(n => n.service))].sort();
  tierOf = tiers(services, serviceEdges);
  const old = new Map(view.nodes.map(v => [v.id, v]));
  const lay = layout(), lev = level();
  $("layout").value = lay; $("level").value = lev;
  $("chargeBox").hidden = lay !== "force";
  viewId++;
  view = deriveView(graph, { service: $("service").value, package: $("package").value, zone: $("zone").value, level: lev, layout: lay, expanded: state.expanded });
  pairWeight = new Map();
  for (const l of view.links) pairWeight.set(pairOf(l), (pairWeight.get(pairOf(l)) || 0) + l.weight);
  if (lay === "architecture") {
    force.stop();
    boxes = architectureLayout(view, tierOf).boxes;
  } else {
    boxes = [];
    for (const v of view.nodes) v.tier = tierOf.get(v.service) ?? 0;
    force.run(view, old);
  }
  quadtree = null;
  updateLegend(services);
  updateLit();
  const shownServices = new Set(view.nodes.map(v => v.service)).size;
  $("count").textContent = `${graph.nodes.size} nodes, ${graph.edges.size} edges, ${shownServices} services` + (lev !== "instance" ? ` (${view.nodes.length} drawn)` : "");
  $("count").dataset.nodes = graph.nodes.size; $("count").dataset.edges = graph.edges.size;
  if (!state.userZoomed) fit(true);
  strip.render(graph);
  refreshPanel();
  dirty = true;
}

function updateLegend(services) {
  const names = state.color === "package" ? [...new Set([...graph.nodes.values()].map(n => n.package))].sort() : services;
  const legend = $("legend");
  if (legend.dataset.names === names.join("\n")) return;
  legend.dataset.names = names.join("\n");
  // Hundreds of services are more than a legend can show: the first of them, and Search finds the rest.
  const more = names.length - LEGEND_MAX;
  legend.replaceChildren(...names.slice(0, LEGEND_MAX).map(name => {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = color(name);   // CSSOM, which the page's Content-Security-Policy allows
    li.dataset.name = name;
    li.append(swatch, name);
    if (state.color === "service") li.addEventListener("click", () => select(name));
    return li;
  }), ...(more > 0 ? [Object.assign(document.createElement("li"), { className: "more", textContent: `and ${more} more (Search finds them)` })] : []),
  (() => { const li = document.createElement("li"); li.className = "gone"; const s = document.createElement("span"); s.className = "swatch"; s.style.background = RED; li.append(s, "gone (chaos, lost)"); return li; })());
}

const colorOf = v => color(state.color === "package" ? v.package : v.service);

const pairOf = l => `${l.source.service}\t${l.source.place}\t${l.target.service}\t${l.target.place}`;

/**
 * Requests per second and error share along a drawn edge, from the run's counters of requests from its source service
 * (in its zone, when the node stands for one zone or instance) to its target service (likewise): exact for a node per
 * service or per zone; between instances, the zone pair's rate is shared over its drawn links by weight, as the
 * counters are per service and zone, not per instance. A zone that went down draws its edges empty.
 */
function flow(l) {
  const f = traffic.edge(l.source.service, l.target.service, l.source.place, l.target.place);
  if (!f) return null;
  return { rate: f.rate * l.weight / (pairWeight.get(pairOf(l)) || 1), errors: f.errors };
}

/** Fits the canvas to the graph: always when asked, else only when the graph grew out of what was fitted. */
function fit(always) {
  const xs = view.nodes.filter(v => v.x !== undefined);
  if (xs.length === 0) return;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const v of xs) { x0 = Math.min(x0, v.x - 30); y0 = Math.min(y0, v.y - 30); x1 = Math.max(x1, v.x + 30); y1 = Math.max(y1, v.y + 40); }
  for (const b of boxes) { x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h); }
  if (!always && fitted && x0 >= fitted[0] && y0 >= fitted[1] && x1 <= fitted[2] && y1 <= fitted[3]) return;
  fitted = [x0, y0, x1, y1];
  // The legend on the left and the panel on the right cover part of the canvas: fit between them.
  const rect = canvas.getBoundingClientRect(), pad = 16;
  const left = $("legend").offsetWidth + 8, right = $("panel").hidden ? 0 : $("panel").offsetWidth;
  const width = Math.max(100, rect.width - left - right);
  const k = Math.max(0.005, Math.min(2, (width - 2 * pad) / (x1 - x0), (rect.height - 2 * pad) / (y1 - y0)));
  const t = d3.zoomIdentity.translate(left + (width - k * (x0 + x1)) / 2, (rect.height - k * (y0 + y1)) / 2).scale(k);
  d3.select(canvas).call(zoom.transform, t);
}

function scene(now) {
  return { view, boxes, architecture: layout() === "architecture", color: colorOf, flow, lit, selected: state.selected, now,
    errors: service => (traffic.samples.length >= 2 ? traffic.errorShare(service) : 0),
    layerKey: `${viewId}|${litId}|${traffic.samples.length ? traffic.samples.at(-1).at : 0}` };
}

function paint(now) {
  const ratio = window.devicePixelRatio || 1;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawn = draw(ctx, canvas.width / ratio, canvas.height / ratio, transform, scene(now));
  if (drawn.settling) dirty = true;   // a zoomed layer of edges waits to be drawn again at the new scale
  frames++;
}

// One loop: redraws when something changed, and continuously while traffic particles move.
function frame(now) {
  timeline.tick(now);
  if (graph.version !== builtVersion && !rebuildPending) scheduleRebuild();
  const moving = traffic.samples.length >= 2 && view.links.length <= 1500 && view.links.some(l => (flow(l)?.rate || 0) > 0);
  if (measuring === "pan") { transform = transform.translate((frames % 2 ? 1 : -1) / transform.k, 0); }
  else if (measuring === "redraw") viewId++;
  if (dirty || moving || measuring) { dirty = false; paint(now); }
  requestAnimationFrame(frame);
}
let measuring = false;

function resize() {
  const ratio = window.devicePixelRatio || 1, rect = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, rect.width * ratio); canvas.height = Math.max(1, rect.height * ratio);
  dirty = true;
}

// ---- selection, search, highlight -----------------------------------------------------------------------------------

/** The drawn nodes matching the search or the selection, and every node on a path to or from them. */
function updateLit() {
  litId++;
  const text = state.search.trim().toLowerCase();
  const seeds = text ? view.nodes.filter(v => v.name.toLowerCase().includes(text) || v.service.toLowerCase().includes(text))
    : state.selected ? view.nodes.filter(v => v.service === state.selected) : [];
  $("search").dataset.matches = text ? String(seeds.length) : "";
  if (seeds.length === 0) { lit = text ? new Set() : null; dirty = true; return; }
  const out = new Map(), into = new Map();
  for (const l of view.links) {
    (out.get(l.source.id) || out.set(l.source.id, []).get(l.source.id)).push(l.target.id);
    (into.get(l.target.id) || into.set(l.target.id, []).get(l.target.id)).push(l.source.id);
  }
  lit = new Set(seeds.map(v => v.id));
  for (const edges of [out, into]) {
    const queue = seeds.map(v => v.id), seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) for (const next of edges.get(queue[i]) || []) if (!seen.has(next)) { seen.add(next); queue.push(next); lit.add(next); }
  }
  dirty = true;
}

function select(service) {
  const opened = !state.selected !== !service;
  state.selected = service || null;
  updateLit();
  refreshPanel();
  if (opened && !state.userZoomed) fit(true);
}

function refreshPanel() {
  showPanel($("panel"), state.selected, { graph, traffic, serviceEdges, expanded: state.expanded.has(state.selected),
    onSelect: select, onExpand: toggleExpand });
}

function toggleExpand(service) {
  if (state.expanded.has(service)) state.expanded.delete(service); else state.expanded.add(service);
  rebuild();
}

function nodeAt(event) {
  const rect = canvas.getBoundingClientRect();
  const [x, y] = transform.invert([event.clientX - rect.left, event.clientY - rect.top]);
  if (!quadtree) quadtree = d3.quadtree(view.nodes.filter(v => v.x !== undefined), v => v.x, v => v.y);
  const v = quadtree.find(x, y, 30 / transform.k + 25);
  return v && Math.hypot(v.x - x, v.y - y) <= radius(v) + 4 / transform.k ? v : null;
}

canvas.addEventListener("mousemove", event => {
  const v = nodeAt(event);
  if (!v) { tooltip.hidden = true; return; }
  tooltip.hidden = false;
  const f = traffic.samples.length >= 2 ? ` — ${formatRate(traffic.rate(v.service))} req/s into ${v.service}` : "";
  tooltip.textContent = v.instance
    ? `${v.id}  package ${v.package}, ${v.degree} edges${v.done ? `, done (${v.exit || "exit"})` : ""}`
    : `${v.service} (${v.package}): ${v.alive} of ${v.count} alive${v.zone ? ` in ${v.region}.${v.zone}` : ""}${f}`;
  const rect = canvas.getBoundingClientRect();
  tooltip.style.left = (event.clientX - rect.left + 12) + "px";
  tooltip.style.top = (event.clientY - rect.top + 12) + "px";
});
canvas.addEventListener("mouseleave", () => { tooltip.hidden = true; });
// A click selects a service; a click on the selected service expands it into its instances or folds them back.
canvas.addEventListener("click", event => {
  const v = nodeAt(event);
  if (v && v.service === state.selected && event.detail === 1) toggleExpand(v.service); else if (event.detail === 1) select(v ? v.service : null);
});

const zoom = d3.zoom().scaleExtent([0.005, 20]).on("zoom", e => {
  transform = e.transform;
  if (e.sourceEvent) state.userZoomed = true;
  dirty = true;
});
d3.select(canvas).call(zoom).on("dblclick.zoom", null);
window.addEventListener("resize", () => { resize(); if (!state.userZoomed) fit(true); });

$("charge").addEventListener("input", e => {
  $("chargeValue").textContent = e.target.value;
  force.simulation.force("charge").strength(+e.target.value);
  force.simulation.alpha(0.5).restart();
});
for (const id of ["service", "package", "zone"]) $(id).addEventListener("change", rebuild);
$("layout").addEventListener("change", () => { state.layout = $("layout").value; state.userZoomed = false; rebuild(); });
$("level").addEventListener("change", () => { state.level = $("level").value; state.expanded.clear(); state.userZoomed = false; rebuild(); });
$("colorBy").addEventListener("change", () => { state.color = $("colorBy").value; color = palette(); $("legend").dataset.names = ""; rebuild(); });
$("search").addEventListener("input", () => { state.search = $("search").value; updateLit(); });
$("fit").addEventListener("click", () => { state.userZoomed = false; fit(true); });

// ---- export ------------------------------------------------------------------------------------------------------

const legendEntries = () => [...$("legend").querySelectorAll("li[data-name]")].map(li => [li.dataset.name, color(li.dataset.name)]);
const svg = () => toSvg(scene(performance.now()), legendEntries());
const fileName = ext => `spigo-${state.arch || "graph"}.${ext}`;
const link = () => linkTo({ run: state.run?.key, layout: state.layout, level: state.level, color: state.color === "service" ? "" : state.color,
  service: $("service").value, package: $("package").value, zone: $("zone").value, search: state.search, select: state.selected, expand: [...state.expanded] });
$("png").addEventListener("click", () => downloadPng(canvas, fileName("png")));
$("svg").addEventListener("click", () => downloadSvg(svg(), fileName("svg")));
$("link").addEventListener("click", () => {
  const url = link();
  history.replaceState(null, "", url);
  $("linkText").value = url; $("linkText").hidden = false; $("linkText").select();
  navigator.clipboard?.writeText(url).catch(() => { /* no clipboard here: the address is in the box */ });
});

// ---- sources -----------------------------------------------------------------------------------------------------

function reset(source) {
  graph.reset(); traffic.reset(NaN); strip.reset();
  view = { nodes: [], links: [] }; fitted = null; state.userZoomed = false;
  $("source").textContent = source; $("error").textContent = "";
  for (const id of ["service", "package", "zone"]) {
    const keep = $(id).value;
    $(id).length = 1; offered[id].clear();
    if (keep) { addOption(id, keep); $(id).value = keep; }
  }
  rebuild();
}

function stopLive() {
  if (stream) stream.close();
  stream = null;
  clearInterval(trafficTimer);
}

// Live: the run's Edda entries arrive as Server-Sent Events; traffic comes from the silos' counters.
function watch(run) {
  stopLive();
  files = []; showStep();
  state.run = run || null;
  if (!run) return;
  reset(`live: ${run.arch} (${run.key})`);
  state.arch = run.arch;
  traffic.reset(Date.parse(run.started));
  timeline.source(true);
  stream = new EventSource(`api/runs/${encodeURIComponent(run.key)}/events`);
  stream.onmessage = m => { graph.add(JSON.parse(m.data)); timeline.update(); };
  stream.onerror = () => { $("source").textContent = `${run.arch}: stream ended (the run or its silo stopped)`; stream.close(); };
  trafficTimer = setInterval(pollTraffic, 1000);
  pollTraffic();
}

async function pollTraffic() {
  if (!state.arch) return;
  try {
    const response = await fetch(`api/traffic/${encodeURIComponent(state.arch)}`);
    if (!response.ok) return;
    const at = Date.now();
    traffic.push(at, await response.json());
    strip.observe(traffic, at, graph);
    strip.render(graph);
    refreshPanel();
    dirty = true;
  } catch { /* the run ended; the picture stays */ }
}

async function loadRuns() {
  try {
    const response = await fetch("api/runs");
    if (!response.ok) return [];
    const runs = await response.json();
    const select = $("runs"), keep = select.value;
    select.length = 1;
    for (const r of runs) select.add(new Option(`${r.arch} ${new Date(r.started).toLocaleTimeString()}`, r.key));
    select.value = keep;
    return runs;
  } catch { return []; }
}
$("runs").addEventListener("change", async () => {
  state.chosen = true;
  const key = $("runs").value, runs = await loadRuns();
  $("runs").value = key;
  watch(runs.find(r => r.key === key));
});

// Files: one GraphJSON (this project's or the original's), or several (e.g. migration0..9) to step through.
$("file").addEventListener("change", async event => {
  const chosen = [...event.target.files].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const loaded = [];
  for (const file of chosen) {
    try {
      const json = JSON.parse(await file.text());
      if (!Array.isArray(json.graph)) throw new Error("no \"graph\" array");
      loaded.push({ name: file.name, json });
    } catch (e) {
      $("error").textContent = `${file.name}: not a GraphJSON file (${e.message})`;
      return;
    }
  }
  if (loaded.length === 0) return;
  stopLive();
  state.run = null;
  $("runs").value = "";
  files = loaded; fileIndex = 0; showFile();
});
$("prev").addEventListener("click", () => { if (fileIndex > 0) { fileIndex--; showFile(); } });
$("next").addEventListener("click", () => { if (fileIndex < files.length - 1) { fileIndex++; showFile(); } });

function showFile() {
  const { name, json } = files[fileIndex];
  reset(`${name}: ${json.arch || "?"} ${json.args || ""}`);
  state.arch = json.arch || "";
  graph.add(json.graph);
  timeline.source(false);
  showStep();
  rebuild();
}

function showStep() {
  $("prev").disabled = files.length < 2 || fileIndex === 0;
  $("next").disabled = files.length < 2 || fileIndex === files.length - 1;
  $("step").textContent = files.length > 1 ? `${fileIndex + 1}/${files.length}` : "";
}

// ---- for tests and curious users: what the page holds and what it drew last ------------------------------------------

window.spigo = {
  nodes: () => graph.nodes.size, edges: () => graph.edges.size, logged: () => graph.log.length, drawnNodes: () => drawn.drawnNodes, drawnEdges: () => drawn.drawnEdges,
  shown: () => view.nodes.length, done: () => [...graph.nodes.values()].filter(n => n.done).length,
  gone: () => [...graph.nodes.values()].filter(gone).length,
  source: () => $("source").textContent, layout, level,
  view: () => view.nodes.map(v => ({ id: v.id, service: v.service, package: v.package, region: v.region, zone: v.zone, tier: v.tier,
    x: v.x, y: v.y, count: v.count, alive: v.alive, gone: v.gone, instance: v.instance, red: isRed(v) })),
  boxes: () => boxes.map(b => ({ ...b })),
  /** Edda's events at or before the cursor: {t, event, subject}. */
  events: () => graph.events.map(e => ({ t: e.t, event: e.event, subject: e.subject })),
  labelled: () => drawn.labelled, lit: () => (lit ? [...lit] : null),
  /** The counters' samples: [when, {service: [requests, failed, alive]}]. */
  traffic: () => traffic.samples.map(s => [s.at, Object.fromEntries([...s.services].map(([k, v]) => [k, [v.requests, v.failed, v.alive]]))]),
  /** The drawn edges that are red: requests along them failed in the last poll interval. */
  failing: () => view.links.filter(l => (flow(l)?.errors || 0) > 0).map(l => l.key),
  /** Where a world point is on the canvas, in CSS pixels from its top left. */
  screen: (x, y) => transform.apply([x, y]),
  /** Times are milliseconds since origin(), the whole second of the first timestamp (ms since the epoch). */
  origin: () => graph.origin, start: () => graph.start, end: () => graph.end, cursor: () => graph.cursor,
  seek: t => timeline.seek(t, true),
  select, svg, link,
  /**
   * Frames drawn per second over ms milliseconds while the view pans a pixel a frame (what dragging costs; large
   * edge sets move as a layer), or with mode "redraw" while everything is drawn afresh each frame.
   */
  fps: (ms, mode = "pan") => new Promise(resolve => {
    const from = frames, started = performance.now();
    measuring = mode;
    setTimeout(() => { measuring = false; resolve((frames - from) * 1000 / (performance.now() - started)); }, ms);
  }),
};

resize();
requestAnimationFrame(frame);
// The run asked for, or the newest, as soon as the list has it: a page opened as a run starts finds it once the
// driver has registered it. Until the user picks a run or opens files; the list itself stays fresh.
async function follow() {
  const runs = await loadRuns();
  if (state.run || state.chosen || files.length > 0) return;
  const run = asked.run ? runs.find(r => r.key === asked.run) : runs[0];
  if (run) { $("runs").value = run.key; watch(run); }
}
(async () => {
  await follow();
  if (state.selected) refreshPanel();
  setInterval(follow, 2000);
})();
