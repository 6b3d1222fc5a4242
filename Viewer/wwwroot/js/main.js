// spigo viewer: a run's nanoservices on a canvas, fed live from the run's Edda (Server-Sent Events) and counters
// (/api/traffic), or from GraphJSON files. This file wires the page; the parts live beside it.
import { Graph, deriveView } from "./model.js";
import { tiers, architectureLayout, forceLayout } from "./layout.js";
import { draw, toSvg, palette, radius, RED, formatRate } from "./render.js";
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

/** Everything on the page that changes (besides the graph, the traffic and the controls themselves), in one place. */
const state = {
  // What the user chose: a link reopens these.
  layout: asked.layout || null, level: asked.level || null, color: asked.color || "service",
  expanded: new Set(asked.expand || []), selected: asked.select || null, search: asked.search || "",
  // Where the graph comes from: a live run (its Edda stream, its counters polled every second) or GraphJSON files.
  run: null, arch: "", chosen: false, stream: null, trafficTimer: null, files: [], fileIndex: 0,
  // What is drawn, derived from the graph by rebuild().
  view: { nodes: [], links: [] }, boxes: [], tierOf: new Map(), serviceEdges: [], pairWeight: new Map(),
  builtVersion: -1, rebuildPending: false,
  pirates: { version: -1, all: false },   // whether every node is a pirate, as of a version of the graph
  palette: palette(),                     // a colour for each service (or package)
  // The canvas: its zoom, what was fitted, the index for finding a node under the mouse, the highlighted view ids.
  transform: d3.zoomIdentity, userZoomed: false, fitted: null, quadtree: null, lit: null,
  // The frame loop: what the last frame drew, frames drawn, whether to draw again, and fps()'s measuring mode.
  drawn: { drawnNodes: 0, drawnEdges: 0, labelled: [] }, frames: 0, dirty: true, measuring: false,
  viewId: 0, litId: 0,   // bumped when the drawn view or the highlight changes: the edge layer is drawn again
};
// The values each filter already offers: scanning a select's options for each of 10,000 services took half a minute.
const offered = { service: new Set(), package: new Set(), zone: new Set() };

const force = forceLayout(() => {
  state.quadtree = null;
  state.viewId++;
  if (!state.userZoomed) fit(false);
  state.dirty = true;
});
const strip = new EventStrip($("events"), e => {
  if (e.service) select(e.service);
});
const controls = { play: $("play"), slider: $("time"), label: $("timeLabel"), speed: $("speed"), live: $("live") };
const timeline = new Timeline(controls, graph, () => scheduleRebuild());

for (const [id, value] of [["service", asked.service], ["package", asked.package], ["zone", asked.zone]]) {
  if (!value) continue;
  addOption(id, value);
  $(id).value = value;
}
$("colorBy").value = state.color;
$("search").value = state.search;

// ---- what is drawn -----------------------------------------------------------------------------------------------

// Whether every node is a pirate, worked out once per change of the graph (layout() is asked every frame).
const pirates = () => {
  const known = state.pirates;
  if (known.version !== graph.version) {
    known.version = graph.version;
    known.all = graph.nodes.size > 0 && [...graph.nodes.values()].every(n => n.package === "pirate");
  }
  return known.all;
};
const layout = () => state.layout || (pirates() || graph.nodes.size === 0 ? "force" : "architecture");
const level = () => state.level
  || (layout() === "force" && graph.nodes.size <= AGGREGATE_ABOVE ? "instance" : "service");

function addOption(id, value) {
  if (!value || offered[id].has(value)) return;
  offered[id].add(value);
  $(id).add(new Option(value, value));
}

function scheduleRebuild() {
  if (state.rebuildPending) return;
  state.rebuildPending = true;
  requestAnimationFrame(() => {
    state.rebuildPending = false;
    rebuild();
  });
}

/** Derives what is drawn from the graph, the filters and the choices, and lays it out. */
function rebuild() {
  state.builtVersion = graph.version;
  for (const n of graph.nodes.values()) {
    addOption("service", n.service);
    addOption("package", n.package);
    addOption("zone", n.zone);
  }
  state.serviceEdges = graph.serviceEdges();
  const services = [...new Set([...graph.nodes.values()].map(n => n.service))].sort();
  state.tierOf = tiers(services, state.serviceEdges);
  const old = new Map(state.view.nodes.map(v => [v.id, v]));
  const lay = layout(), lev = level();
  $("layout").value = lay;
  $("level").value = lev;
  $("chargeBox").hidden = lay !== "force";
  state.viewId++;
  const filters = { service: $("service").value, package: $("package").value, zone: $("zone").value };
  state.view = deriveView(graph, { ...filters, level: lev, layout: lay, expanded: state.expanded });
  state.pairWeight = new Map();
  for (const l of state.view.links) state.pairWeight.set(pairOf(l), (state.pairWeight.get(pairOf(l)) || 0) + l.weight);
  placeView(lay, old);
  state.quadtree = null;
  updateLegend(services);
  updateLit();
  updateCount(lev);
  if (!state.userZoomed) fit(true);
  strip.render(graph);
  refreshPanel();
  state.dirty = true;
}

/** Positions the view's nodes: in tiers inside region and zone boxes, or by the force layout (from where they were). */
function placeView(lay, old) {
  if (lay === "architecture") {
    force.stop();
    state.boxes = architectureLayout(state.view, state.tierOf).boxes;
  } else {
    state.boxes = [];
    for (const v of state.view.nodes) v.tier = state.tierOf.get(v.service) ?? 0;
    force.run(state.view, old);
  }
}

function updateCount(lev) {
  const shownServices = new Set(state.view.nodes.map(v => v.service)).size;
  const drawnCount = lev !== "instance" ? ` (${state.view.nodes.length} drawn)` : "";
  const count = $("count");
  count.textContent = `${graph.nodes.size} nodes, ${graph.edges.size} edges, ${shownServices} services${drawnCount}`;
  count.dataset.nodes = graph.nodes.size;
  count.dataset.edges = graph.edges.size;
}

/** A legend line: a swatch of the colour, then the text. */
function entry(className, color, text) {
  const li = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = color;   // CSSOM, which the page's Content-Security-Policy allows
  if (className) li.className = className;
  li.append(swatch, text);
  return li;
}

function updateLegend(services) {
  if (state.color === "utilization") return utilizationLegend();
  const packages = () => [...new Set([...graph.nodes.values()].map(n => n.package))].sort();
  const names = state.color === "package" ? packages() : services;
  const legend = $("legend");
  if (legend.dataset.names === names.join("\n")) return;
  legend.dataset.names = names.join("\n");
  // Hundreds of services are more than a legend can show: the first of them, and Search finds the rest.
  const more = names.length - LEGEND_MAX;
  const moreEntry = () => Object.assign(document.createElement("li"),
    { className: "more", textContent: `and ${more} more (Search finds them)` });
  legend.replaceChildren(...names.slice(0, LEGEND_MAX).map(name => {
    const li = entry("", state.palette(name), name);
    li.dataset.name = name;
    if (state.color === "service") li.addEventListener("click", () => select(name));
    return li;
  }), ...(more > 0 ? [moreEntry()] : []), entry("gone", RED, "gone (chaos, lost)"));
}

// Utilization: busy workers over workers over the last second, for the services with a capacity (grey without one).
const UTILIZATION = [[0.5, "#2a9d8f", "under 50% busy"], [0.8, "#e9c46a", "50–80% busy"],
  [0.95, "#f4a261", "80–95% busy"], [Infinity, "#9b2226", "95% busy or more"]];
const NO_CAPACITY = "#b8c0cc";
const utilizationColor = u => u === null ? NO_CAPACITY : UTILIZATION.find(([below]) => u < below)[1];

function utilizationLegend() {
  const legend = $("legend");
  if (legend.dataset.names === "utilization") return;
  legend.dataset.names = "utilization";
  legend.replaceChildren(...UTILIZATION.map(([, color, text]) => entry("", color, text)),
    entry("", NO_CAPACITY, "no capacity"), entry("gone", RED, "gone (chaos, lost)"));
}

const colorOf = v => state.color === "utilization" ? utilizationColor(traffic.utilization(v.service))
  : state.palette(state.color === "package" ? v.package : v.service);

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
  return { rate: f.rate * l.weight / (state.pairWeight.get(pairOf(l)) || 1), errors: f.errors };
}

/** Fits the canvas to the graph: always when asked, else only when the graph grew out of what was fitted. */
function fit(always) {
  const xs = state.view.nodes.filter(v => v.x !== undefined);
  if (xs.length === 0) return;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const cover = (left, top, right, bottom) => {
    x0 = Math.min(x0, left);
    y0 = Math.min(y0, top);
    x1 = Math.max(x1, right);
    y1 = Math.max(y1, bottom);
  };
  for (const v of xs) cover(v.x - 30, v.y - 30, v.x + 30, v.y + 40);
  for (const b of state.boxes) cover(b.x, b.y, b.x + b.w, b.y + b.h);
  const fitted = state.fitted;
  if (!always && fitted && x0 >= fitted[0] && y0 >= fitted[1] && x1 <= fitted[2] && y1 <= fitted[3]) return;
  state.fitted = [x0, y0, x1, y1];
  // The legend on the left and the panel on the right cover part of the canvas: fit between them.
  const rect = canvas.getBoundingClientRect(), pad = 16;
  const left = $("legend").offsetWidth + 8, right = $("panel").hidden ? 0 : $("panel").offsetWidth;
  const width = Math.max(100, rect.width - left - right);
  const k = Math.max(0.005, Math.min(2, (width - 2 * pad) / (x1 - x0), (rect.height - 2 * pad) / (y1 - y0)));
  const t = d3.zoomIdentity.translate(left + (width - k * (x0 + x1)) / 2, (rect.height - k * (y0 + y1)) / 2).scale(k);
  d3.select(canvas).call(zoom.transform, t);
}

/** What render.js draws (and exports as SVG): see draw(). */
function scene(now) {
  const lastSample = traffic.samples.length ? traffic.samples.at(-1).at : 0;
  return { view: state.view, boxes: state.boxes, architecture: layout() === "architecture", color: colorOf, flow,
    lit: state.lit, selected: state.selected, now,
    errors: service => (traffic.samples.length >= 2 ? traffic.errorShare(service) : 0),
    layerKey: `${state.viewId}|${state.litId}|${lastSample}` };
}

function paint(now) {
  const ratio = window.devicePixelRatio || 1;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  state.drawn = draw(ctx, canvas.width / ratio, canvas.height / ratio, state.transform, scene(now));
  if (state.drawn.settling) state.dirty = true;   // a zoomed layer of edges waits to be drawn again at the new scale
  state.frames++;
}

// One loop: redraws when something changed, and continuously while traffic particles move.
function frame(now) {
  timeline.tick(now);
  if (graph.version !== state.builtVersion && !state.rebuildPending) scheduleRebuild();
  const links = state.view.links;
  const moving = traffic.samples.length >= 2 && links.length <= 1500 && links.some(l => (flow(l)?.rate || 0) > 0);
  if (state.measuring === "pan") {
    const t = state.transform;
    state.transform = t.translate((state.frames % 2 ? 1 : -1) / t.k, 0);
  } else if (state.measuring === "redraw") state.viewId++;
  if (state.dirty || moving || state.measuring) {
    state.dirty = false;
    paint(now);
  }
  requestAnimationFrame(frame);
}

function resize() {
  const ratio = window.devicePixelRatio || 1, rect = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, rect.width * ratio);
  canvas.height = Math.max(1, rect.height * ratio);
  state.dirty = true;
}

// ---- selection, search, highlight -----------------------------------------------------------------------------------

/** The drawn nodes matching the search or the selection, and every node on a path to or from them. */
function updateLit() {
  state.litId++;
  const view = state.view, text = state.search.trim().toLowerCase();
  const matches = v => v.name.toLowerCase().includes(text) || v.service.toLowerCase().includes(text);
  const seeds = text ? view.nodes.filter(matches)
    : state.selected ? view.nodes.filter(v => v.service === state.selected) : [];
  $("search").dataset.matches = text ? String(seeds.length) : "";
  if (seeds.length === 0) {
    state.lit = text ? new Set() : null;
    state.dirty = true;
    return;
  }
  const out = new Map(), into = new Map();
  for (const l of view.links) {
    (out.get(l.source.id) || out.set(l.source.id, []).get(l.source.id)).push(l.target.id);
    (into.get(l.target.id) || into.set(l.target.id, []).get(l.target.id)).push(l.source.id);
  }
  const lit = new Set(seeds.map(v => v.id));
  for (const edges of [out, into]) {
    const queue = seeds.map(v => v.id), seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      for (const next of edges.get(queue[i]) || []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
        lit.add(next);
      }
    }
  }
  state.lit = lit;
  state.dirty = true;
}

function select(service) {
  const opened = !state.selected !== !service;
  state.selected = service || null;
  updateLit();
  refreshPanel();
  if (opened && !state.userZoomed) fit(true);
}

function refreshPanel() {
  showPanel($("panel"), state.selected, { graph, traffic, serviceEdges: state.serviceEdges,
    expanded: state.expanded.has(state.selected), onSelect: select, onExpand: toggleExpand });
}

function toggleExpand(service) {
  if (state.expanded.has(service)) state.expanded.delete(service);
  else state.expanded.add(service);
  rebuild();
}

function nodeAt(event) {
  const rect = canvas.getBoundingClientRect(), transform = state.transform;
  const [x, y] = transform.invert([event.clientX - rect.left, event.clientY - rect.top]);
  if (!state.quadtree) {
    state.quadtree = d3.quadtree(state.view.nodes.filter(v => v.x !== undefined), v => v.x, v => v.y);
  }
  const v = state.quadtree.find(x, y, 30 / transform.k + 25);
  return v && Math.hypot(v.x - x, v.y - y) <= radius(v) + 4 / transform.k ? v : null;
}

canvas.addEventListener("mousemove", event => {
  const v = nodeAt(event);
  if (!v) {
    tooltip.hidden = true;
    return;
  }
  tooltip.hidden = false;
  const f = traffic.samples.length >= 2 ? ` — ${formatRate(traffic.rate(v.service))} req/s into ${v.service}` : "";
  tooltip.textContent = v.instance
    ? `${v.id}  package ${v.package}, ${v.degree} edges${v.done ? `, done (${v.exit || "exit"})` : ""}`
    : `${v.service} (${v.package}): ${v.alive} of ${v.count} alive${v.zone ? ` in ${v.region}.${v.zone}` : ""}${f}`;
  const rect = canvas.getBoundingClientRect();
  tooltip.style.left = (event.clientX - rect.left + 12) + "px";
  tooltip.style.top = (event.clientY - rect.top + 12) + "px";
});
canvas.addEventListener("mouseleave", () => {
  tooltip.hidden = true;
});
// A click selects a service; a click on the selected service expands it into its instances or folds them back.
canvas.addEventListener("click", event => {
  const v = nodeAt(event);
  if (v && v.service === state.selected && event.detail === 1) toggleExpand(v.service);
  else if (event.detail === 1) select(v ? v.service : null);
});

const zoom = d3.zoom().scaleExtent([0.005, 20]).on("zoom", e => {
  state.transform = e.transform;
  if (e.sourceEvent) state.userZoomed = true;
  state.dirty = true;
});
d3.select(canvas).call(zoom).on("dblclick.zoom", null);
window.addEventListener("resize", () => {
  resize();
  if (!state.userZoomed) fit(true);
});

$("charge").addEventListener("input", e => {
  $("chargeValue").textContent = e.target.value;
  force.simulation.force("charge").strength(+e.target.value);
  force.simulation.alpha(0.5).restart();
});
for (const id of ["service", "package", "zone"]) $(id).addEventListener("change", rebuild);
$("layout").addEventListener("change", () => {
  state.layout = $("layout").value;
  state.userZoomed = false;
  rebuild();
});
$("level").addEventListener("change", () => {
  state.level = $("level").value;
  state.expanded.clear();
  state.userZoomed = false;
  rebuild();
});
$("colorBy").addEventListener("change", () => {
  state.color = $("colorBy").value;
  state.palette = palette();
  $("legend").dataset.names = "";
  rebuild();
});
$("search").addEventListener("input", () => {
  state.search = $("search").value;
  updateLit();
});
$("fit").addEventListener("click", () => {
  state.userZoomed = false;
  fit(true);
});

// ---- export ------------------------------------------------------------------------------------------------------

const legendEntries = () => [...$("legend").querySelectorAll("li[data-name]")]
  .map(li => [li.dataset.name, state.palette(li.dataset.name)]);
const svg = () => toSvg(scene(performance.now()), legendEntries());
const fileName = ext => `spigo-${state.arch || "graph"}.${ext}`;
const link = () => linkTo({ run: state.run?.key, layout: state.layout, level: state.level,
  color: state.color === "service" ? "" : state.color,
  service: $("service").value, package: $("package").value, zone: $("zone").value,
  search: state.search, select: state.selected, expand: [...state.expanded] });
$("png").addEventListener("click", () => downloadPng(canvas, fileName("png")));
$("svg").addEventListener("click", () => downloadSvg(svg(), fileName("svg")));
$("link").addEventListener("click", () => {
  const url = link();
  history.replaceState(null, "", url);
  $("linkText").value = url;
  $("linkText").hidden = false;
  $("linkText").select();
  navigator.clipboard?.writeText(url).catch(() => { /* no clipboard here: the address is in the box */ });
});

// ---- sources -----------------------------------------------------------------------------------------------------

function reset(source) {
  graph.reset();
  traffic.reset(NaN);
  strip.reset();
  state.view = { nodes: [], links: [] };
  state.fitted = null;
  state.userZoomed = false;
  $("source").textContent = source;
  $("error").textContent = "";
  for (const id of ["service", "package", "zone"]) {
    const keep = $(id).value;
    $(id).length = 1;
    offered[id].clear();
    if (!keep) continue;
    addOption(id, keep);
    $(id).value = keep;
  }
  rebuild();
}

function stopLive() {
  if (state.stream) state.stream.close();
  state.stream = null;
  clearInterval(state.trafficTimer);
}

// Live: the run's Edda entries arrive as Server-Sent Events; traffic comes from the silos' counters.
function watch(run) {
  stopLive();
  state.files = [];
  showStep();
  state.run = run || null;
  if (!run) return;
  reset(`live: ${run.arch} (${run.key})`);
  state.arch = run.arch;
  traffic.reset(Date.parse(run.started));
  timeline.source(true);
  const stream = state.stream = new EventSource(`api/runs/${encodeURIComponent(run.key)}/events`);
  stream.onmessage = m => {
    graph.add(JSON.parse(m.data));
    timeline.update();
  };
  stream.onerror = () => {
    $("source").textContent = `${run.arch}: stream ended (the run or its silo stopped)`;
    stream.close();
  };
  state.trafficTimer = setInterval(pollTraffic, 1000);
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
    state.dirty = true;
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
  } catch {
    return [];
  }
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
  state.files = loaded;
  state.fileIndex = 0;
  showFile();
});
$("prev").addEventListener("click", () => {
  if (state.fileIndex === 0) return;
  state.fileIndex--;
  showFile();
});
$("next").addEventListener("click", () => {
  if (state.fileIndex >= state.files.length - 1) return;
  state.fileIndex++;
  showFile();
});

function showFile() {
  const { name, json } = state.files[state.fileIndex];
  reset(`${name}: ${json.arch || "?"} ${json.args || ""}`);
  state.arch = json.arch || "";
  graph.add(json.graph);
  timeline.source(false);
  showStep();
  rebuild();
}

function showStep() {
  const files = state.files, at = state.fileIndex;
  $("prev").disabled = files.length < 2 || at === 0;
  $("next").disabled = files.length < 2 || at === files.length - 1;
  $("step").textContent = files.length > 1 ? `${at + 1}/${files.length}` : "";
}

// ---- for tests: what the page holds and what it drew last ---------------------------------------------------------

/** What testhook.js reads to offer window.spigo (it imports this module); nothing else uses it. */
export const page = { graph, traffic, timeline, state, flow, layout, level, select, svg, link };

// Only a page under test gets window.spigo, and only when the test harness set window.__spigoTest before the page
// loaded: an address or markup switch would let anyone turn it on in the shipped page. testhook.js is loaded as a
// script element rather than by import(): such a script holds back the page's load event until it has run, so
// window.spigo is there as soon as the page has loaded.
if (window.__spigoTest) {
  const script = document.createElement("script");
  script.type = "module";
  script.src = new URL("testhook.js", import.meta.url).href;
  document.head.append(script);
}

resize();
requestAnimationFrame(frame);
// The run asked for, or the newest, as soon as the list has it: a page opened as a run starts finds it once the
// driver has registered it. Until the user picks a run or opens files; the list itself stays fresh.
async function follow() {
  const runs = await loadRuns();
  if (state.run || state.chosen || state.files.length > 0) return;
  const run = asked.run ? runs.find(r => r.key === asked.run) : runs[0];
  if (!run) return;
  $("runs").value = run.key;
  watch(run);
}
(async () => {
  await follow();
  if (state.selected) refreshPanel();
  setInterval(follow, 2000);
})();
