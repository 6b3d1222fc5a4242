// window.spigo: what the page holds and what it drew last, for the Playwright tests (Tests/Viewer, Tests/ScaleOut).
// main.js loads this module only on a page under test (window.__spigoTest set before the page loads); the page as
// shipped has no window.spigo.
import { page } from "./main.js";
import { gone } from "./model.js";
import { isRed } from "./render.js";

const { graph, traffic, timeline, state } = page;
const nodes = () => [...graph.nodes.values()];

window.spigo = {
  nodes: () => graph.nodes.size,
  edges: () => graph.edges.size,
  logged: () => graph.log.length,
  drawnNodes: () => state.drawn.drawnNodes,
  drawnEdges: () => state.drawn.drawnEdges,
  shown: () => state.view.nodes.length,
  done: () => nodes().filter(n => n.done).length,
  gone: () => nodes().filter(gone).length,
  source: () => document.getElementById("source").textContent,
  layout: page.layout,
  level: page.level,
  view: () => state.view.nodes.map(v => ({ id: v.id, service: v.service, package: v.package, region: v.region,
    zone: v.zone, tier: v.tier, x: v.x, y: v.y, count: v.count, alive: v.alive, gone: v.gone, instance: v.instance,
    red: isRed(v) })),
  boxes: () => state.boxes.map(b => ({ ...b })),
  /** Edda's events at or before the cursor: {t, event, subject}. */
  events: () => graph.events.map(e => ({ t: e.t, event: e.event, subject: e.subject })),
  labelled: () => state.drawn.labelled,
  lit: () => (state.lit ? [...state.lit] : null),
  /** The counters' samples: [when, {service: [requests, failed, alive]}]. */
  traffic: () => traffic.samples.map(s => [s.at,
    Object.fromEntries([...s.services].map(([k, v]) => [k, [v.requests, v.failed, v.alive]]))]),
  /** The drawn edges that are red: requests along them failed in the last poll interval. */
  failing: () => state.view.links.filter(l => (page.flow(l)?.errors || 0) > 0).map(l => l.key),
  /** Where a world point is on the canvas, in CSS pixels from its top left. */
  screen: (x, y) => state.transform.apply([x, y]),
  /** Times are milliseconds since origin(), the whole second of the first timestamp (ms since the epoch). */
  origin: () => graph.origin,
  start: () => graph.start,
  end: () => graph.end,
  cursor: () => graph.cursor,
  seek: t => timeline.seek(t, true),
  select: page.select,
  svg: page.svg,
  link: page.link,
  /**
   * Frames drawn per second over ms milliseconds while the view pans a pixel a frame (what dragging costs; large
   * edge sets move as a layer), or with mode "redraw" while everything is drawn afresh each frame.
   */
  fps: (ms, mode = "pan") => new Promise(resolve => {
    const from = state.frames, started = performance.now();
    state.measuring = mode;
    setTimeout(() => {
      state.measuring = false;
      resolve((state.frames - from) * 1000 / (performance.now() - started));
    }, ms);
  }),
};
