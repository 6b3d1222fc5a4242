// The side panel of a selected service: its instances by zone, what it depends on and what depends on it, its request
// rate, errors and p50/p99 response time over the last minute (figures and small charts), each dependency's and
// dependent's requests along the edge, and its Edda events.
import { formatMs, formatRate, RED } from "./render.js";
import { describe, GOOD } from "./events.js";
import { eventParts, gone, leftCleanly, stoppedBy } from "./model.js";

const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(e.dataset, v);
    else if (k === "className") e.className = v;
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
};

function chart(points, series, title) {
  const canvas = el("canvas", { width: 260, height: 46, className: "chart", title });
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#f3f5f8";
  ctx.fillRect(0, 0, 260, 46);
  const max = Math.max(1e-9, ...points.flatMap(p => series.map(s => p[s.key])));
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    points.forEach((p, i) => {
      const x = points.length < 2 ? 0 : i / (points.length - 1) * 258 + 1, y = 44 - p[s.key] / max * 40;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
  return el("figure", {}, el("figcaption", { textContent: title }), canvas);
}

/**
 * Fills the panel for a service: ctx = {graph, traffic, serviceEdges, onSelect(service), onExpand(service), expanded}.
 * Figures carry their raw values in data attributes (tests compare them with the run's counters).
 */
export function showPanel(panel, service, ctx) {
  panel.hidden = !service;
  if (!service) {
    panel.replaceChildren();
    delete panel.dataset.service;
    return;
  }
  showHeading(panel, service, ctx);
  const instances = [...ctx.graph.nodes.values()].filter(n => n.service === service);
  panel.querySelector("#panelKind").textContent = `${instances[0]?.package || ""}, ${instances.length} instances`;
  panel.querySelector("#expand").textContent = ctx.expanded ? "Collapse instances" : "Expand into instances";
  const root = panel.querySelector("#panelBody");
  root.replaceChildren();
  showLastMinute(root, service, ctx);
  showZones(root, instances);
  showNeighbours(root, service, ctx);
  showEdda(root, service, instances, ctx);
}

/**
 * The heading and its button stay while the service does (the rest is redrawn every second): a click must not land on
 * a button that was just replaced.
 */
function showHeading(panel, service, ctx) {
  if (panel.dataset.service !== service) {
    panel.dataset.service = service;
    panel.replaceChildren(el("h2", { textContent: service }), el("p", { className: "muted", id: "panelKind" }),
      el("button", { id: "expand", onclick: () => ctx.onExpand(service) }), el("div", { id: "panelBody" }));
  }
}

/** The service's figures over the last minute, and their charts once there are two points to draw. */
function showLastMinute(root, service, ctx) {
  const figures = figureList(service, ctx);
  root.append(el("h3", { textContent: "Last minute" }), figures);
  const history = ctx.traffic.history(service);
  if (history.length > 1) {
    root.append(chart(history, [{ key: "rate", color: "#1f4e8c" }], "requests/s"),
      chart(history, [{ key: "p50", color: "#2a9d8f" }, { key: "p99", color: "#e76f51" }], "p50 / p99 response time"),
      chart(history, [{ key: "errors", color: RED }], "errors (share)"));
  }
}

function figureList(service, ctx) {
  const w = ctx.traffic.windowOf(service);
  const figures = el("dl", { id: "figures", dataset: { seconds: String(w?.seconds ?? 0) } });
  const add = (name, text, value) => figures.append(el("dt", { textContent: name }),
    el("dd", { textContent: text, dataset: { figure: name, value: String(value) } }));
  if (w) {
    add("requests", `${w.requests} in ${Math.round(w.seconds)} s`, w.requests);
    add("rate", `${formatRate(w.rate)}/s`, w.rate);
    add("now", `${formatRate(ctx.traffic.rate(service))}/s`, ctx.traffic.rate(service));
    add("errors", `${w.failed} (${(w.errors * 100).toFixed(1)}%)`, w.failed);
    add("p50", formatMs(w.p50), w.p50);
    add("p99", formatMs(w.p99), w.p99);
    add("delivery p99", formatMs(w.delivery99), w.delivery99);
    if (w.workers > 0) {
      add("utilization", `${Math.round((w.utilization ?? 0) * 100)}% of ${w.workers} workers`, w.utilization ?? 0);
      add("queue", `${w.waiting} waiting now`, w.waiting);
      add("refused", `${w.refused} as overloaded`, w.refused);
    }
  } else {
    figures.append(el("dd", { textContent: "no traffic figures (a file, or the run's counters are not reachable)" }));
  }
  return figures;
}

function showZones(root, instances) {
  const counts = v => [v.filter(n => !n.done).length, v.length, v.filter(gone).length];
  const zones = d3.rollups(instances, counts, n => `${n.region}.${n.zone}`).sort((a, b) => a[0].localeCompare(b[0]));
  const th = textContent => el("th", { textContent });
  const table = el("table", { id: "zones" }, el("tr", {}, th("zone"), th("alive"), th("gone")));
  const td = (textContent, props = {}) => el("td", { textContent, ...props });
  for (const [zone, [alive, total, lost]] of zones) {
    const goneCell = td(String(lost), { className: lost ? "bad" : "" });
    table.append(el("tr", { dataset: { zone } }, td(zone), td(`${alive}/${total}`), goneCell));
  }
  root.append(el("h3", { textContent: "Instances by zone" }), table);
}

function showNeighbours(root, service, ctx) {
  // Each neighbour with the requests along the edge over the last minute, as the calling service counted them.
  const links = (list, title, id, edgeOf) => {
    const ul = el("ul", { id });
    for (const s of list) {
      const [from, to] = edgeOf(s), e = ctx.traffic.edgeWindowOf(from, to);
      const figures = e && e.requests > 0 ? el("span", { className: e.failed > 0 ? "edge bad" : "edge",
        textContent: ` ${formatRate(e.rate)}/s · ${(e.errors * 100).toFixed(1)}% · p99 ${formatMs(e.p99)}`,
        dataset: { requests: String(e.requests), failed: String(e.failed), p99: String(e.p99) } }) : "";
      const button = el("button", { className: "link", textContent: s, onclick: () => ctx.onSelect(s) });
      ul.append(el("li", { dataset: { name: s } }, button, figures));
    }
    root.append(el("h3", { textContent: title }),
      list.length ? ul : el("p", { className: "muted", textContent: "none" }));
  };
  const dependencies = ctx.serviceEdges.filter(e => e.source === service).map(e => e.target).sort();
  const dependents = ctx.serviceEdges.filter(e => e.target === service).map(e => e.source).sort();
  links(dependencies, "Depends on", "dependencies", s => [service, s]);
  links(dependents, "Used by", "dependents", s => [s, service]);
}

function showEdda(root, service, instances, ctx) {
  const names = new Set(instances.map(n => n.id)), cursor = ctx.graph.cursor;
  const mine = e => (e.event !== undefined
    ? concerns(e, service, names, instances)
    : names.has(e.node ?? e.done ?? e.source));
  const events = ctx.graph.log.filter(e => (cursor === null || !(e.t > cursor)) && mine(e)).slice(-60).reverse();
  const ol = el("ol", { id: "edda", className: "events" });
  for (const e of events) {
    const when = Number.isFinite(e.t) ? ctx.graph.dateOf(e.t).toISOString().slice(11, 23) : "";
    const fault = e.event !== undefined ? describe(e) : null;
    const bad = fault ? !GOOD.has(fault.kind) : e.done !== undefined && e.exit && !leftCleanly(e.exit);
    const li = el("li", { className: bad ? "bad" : fault ? "ok" : "", dataset: fault ? { event: e.event } : {} },
      el("time", { textContent: when }), " " + (fault ? fault.text : entryText(e)));
    ol.append(li);
  }
  root.append(el("h3", { textContent: "Edda events" }), ol);
}

/** An Edda entry that is not an event, in words: a node, its end, or an edge. */
function entryText(e) {
  if (e.node !== undefined) return `node ${e.node}`;
  if (e.done !== undefined) return `done ${e.done} (${e.exit || "normal"})`;
  return `edge ${e.source} → ${e.target}`;
}

/**
 * Whether an Edda event concerns a service: one about it (errors, latency, its monkey) or one of its instances (a
 * breaker), or a gorilla, kong or partition where some of its instances are.
 */
function concerns(e, service, names, instances) {
  if (e.subject === service || names.has(e.subject)) return true;
  const { kind, what } = eventParts(e.event), fault = kind.replace(/-(ended|healed)$/, "");
  if (fault === "gorilla" || fault === "kong") return instances.some(n => stoppedBy(fault, e.subject, what, n));
  if (fault === "partition") {
    const inside = side => instances.some(n => n.region === side || `${n.region}.${n.zone}` === side);
    return e.subject.split("/").some(inside);
  }
  return false;
}
