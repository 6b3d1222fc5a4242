// The run's record as the page holds it: every Edda entry (live or from a GraphJSON file) in a log with its time,
// and the nodes and edges that exist at the page's cursor (the end, or a moment chosen on the time slider).

/**
 * The parts of a node's name: arch.region.zone.service.package.instance (this project's and 2015 spigo's), or
 * arch.region.zone.instanceNN (later spigo's).
 */
export function parseName(name) {
  const p = name.split(".");
  if (p.length === 6) return { arch: p[0], region: p[1], zone: p[2], service: p[3], package: p[4] };
  if (p.length === 4) {
    return { arch: p[0], region: p[1], zone: p[2], service: p[3].replace(/\d+$/, "") || p[3], package: "" };
  }
  return { arch: p[0] || "", region: "", zone: "", service: name, package: "" };
}

/**
 * A timestamp as whole milliseconds since the epoch plus the fraction of a second it carries (spigo writes
 * nanoseconds), kept apart so that times can be measured from a nearby origin without losing the digits a double
 * cannot hold.
 */
export function timeOf(text) {
  if (typeof text !== "string") return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(text);
  const whole = m ? Date.parse(m[1] + (m[3] || "Z")) : Date.parse(text);
  return Number.isFinite(whole) ? { whole, fraction: m && m[2] ? parseFloat(m[2]) * 1000 : 0 } : null;
}

export class Graph {
  constructor() {
    // log: every entry received, in order, each with t: milliseconds since origin (the whole second of the first
    // timestamp, in ms since the epoch), NaN when it has none; cursor: null to show everything (live), else such a
    // time.
    this.version = 0;             // bumped whenever nodes, edges or done change
    this.reset();
  }

  clear() {
    this.nodes = new Map();       // name -> {id, package, service, zone, region, degree, done, exit, t, doneAt}
    this.edges = new Map();       // "source\ttarget" -> {source, target, t}
    this.events = [];             // Edda's events (faults, their ends, breakers) at or before the cursor, in order
    this.faulty = new Map();      // service -> the errors fault it is under now ("errors:50%")
    this.holds = [];              // stopping faults in force: {fault, subject, what, held: Set of the names it stopped}
    this.arch = "";
    this.version++;
  }

  reset() {
    this.log = [];
    this.cursor = null;
    this.origin = NaN;
    this.min = Infinity;
    this.max = -Infinity;
    this.clear();
  }

  /** A time of the log as a Date. */
  dateOf(t) { return new Date(this.origin + t); }

  /** The first and last timestamps of the log (NaN while no entry has one). */
  get start() { return Number.isFinite(this.min) ? this.min : NaN; }
  get end() { return Number.isFinite(this.max) ? this.max : NaN; }

  /** Adds entries to the log; those at or before the cursor (all of them when live) take effect now. */
  add(entries) {
    for (const raw of entries) {
      const when = timeOf(raw.timestamp);
      if (when && Number.isNaN(this.origin)) this.origin = when.whole;
      const e = { ...raw, t: when ? (when.whole - this.origin) + when.fraction : NaN };
      this.log.push(e);
      if (e.t < this.min) this.min = e.t;
      if (e.t > this.max) this.max = e.t;
      if (this.cursor === null || !(e.t > this.cursor)) this.apply(e);
    }
  }

  /** Moves the cursor (null = the end) and rebuilds the graph from the entries whose time is at or before it. */
  seek(t) {
    this.cursor = t;
    this.clear();
    for (const e of this.log) if (t === null || !(e.t > t)) this.apply(e);
  }

  apply(e) {
    if (e.node !== undefined) {
      if (this.nodes.has(e.node)) return;
      const n = parseName(e.node);
      this.nodes.set(e.node, { id: e.node, package: e.package || n.package, service: n.service, zone: n.zone,
        region: n.region, degree: 0, done: false, exit: "", t: e.t, doneAt: NaN });
      if (!this.arch) this.arch = n.arch;
    } else if (e.edge !== undefined) {
      const key = e.source + "\t" + e.target;
      if (this.edges.has(key) || !this.nodes.has(e.source) || !this.nodes.has(e.target)) return;
      this.edges.set(key, { source: e.source, target: e.target, t: e.t });
      this.nodes.get(e.source).degree++;
      this.nodes.get(e.target).degree++;
    } else if (e.done !== undefined && this.nodes.has(e.done)) {
      const n = this.nodes.get(e.done);
      Object.assign(n, { done: true, exit: e.exit || "normal", doneAt: e.t });
    } else if (e.event !== undefined) {
      this.events.push(e);
      this.applyEvent(e);
    } else return;
    this.version++;
  }

  /**
   * What a Simian Army event changes: an errors fault marks its service failing until it ends. A monkey, gorilla or
   * kong holds what it stopped — the nodes it covers that were not down already (its event comes before their
   * Goodbyes) — and its end brings them back (Asgard set them up again), so they are no longer gone; but, as the
   * army does, what another stopping fault still in force covers (a zone inside a region kong holds) passes to that
   * fault and stays down until it ends.
   */
  applyEvent(e) {
    const { kind, what } = eventParts(e.event);
    if (kind === "errors") this.faulty.set(e.subject, e.event);
    else if (kind === "errors-ended") this.faulty.delete(e.subject);
    else if (kind === "monkey" || kind === "gorilla" || kind === "kong") {
      const held = new Set();
      for (const n of this.nodes.values()) if (!n.done && stoppedBy(kind, e.subject, what, n)) held.add(n.id);
      this.holds.push({ fault: kind, subject: e.subject, what, held });
    } else if (kind === "monkey-ended" || kind === "gorilla-ended" || kind === "kong-ended") {
      const fault = kind.slice(0, -"-ended".length);
      // Monkeys on one service are told apart by the node each stopped (its end names it, unless it was handed over).
      const mine = h => h.fault === fault && h.subject === e.subject;
      let at = this.holds.findIndex(h => mine(h) && (fault !== "monkey" || h.what === what));
      if (at < 0) at = this.holds.findIndex(mine);
      // A file cut before the fault began (or an older record without it): what the fault covers comes back.
      const covered = () => [...this.nodes.values()].filter(n => stoppedBy(fault, e.subject, what, n)).map(n => n.id);
      const hold = at >= 0 ? this.holds.splice(at, 1)[0] : { held: new Set(covered()) };
      for (const id of hold.held) {
        const n = this.nodes.get(id);
        if (!n) continue;
        const other = this.holds.find(h => stoppedBy(h.fault, h.subject, h.what, n));
        if (other) other.held.add(id);
        else if (n.done && n.exit === "chaos") Object.assign(n, { done: false, exit: "", doneAt: NaN });
      }
    }
  }

  /** Service -> service edges (a service's own instances talking to each other left out), with instance-edge counts. */
  serviceEdges() {
    const pairs = new Map();
    for (const e of this.edges.values()) {
      const s = this.nodes.get(e.source).service, t = this.nodes.get(e.target).service;
      if (s === t) continue;
      const key = s + "\t" + t;
      const p = pairs.get(key);
      if (p) p.weight++;
      else pairs.set(key, { source: s, target: t, weight: 1 });
    }
    return [...pairs.values()];
  }
}

/** An Edda event "kind:what" (e.g. "gorilla:21", "errors:50%", "latency:exp:20ms", "partition-healed") in its parts. */
export function eventParts(event) {
  const colon = event.indexOf(":");
  return colon < 0 ? { kind: event, what: "" } : { kind: event.slice(0, colon), what: event.slice(colon + 1) };
}

/**
 * Whether a monkey, gorilla or kong with this subject (service, REGION.ZONE or region) and detail (the one
 * nanoservice it stopped, or how many) covers node n.
 */
export function stoppedBy(fault, subject, what, n) {
  if (fault === "monkey") return /^\d+$/.test(what) ? n.service === subject : n.id === what;
  if (fault === "gorilla") return `${n.region}.${n.zone}` === subject;
  return fault === "kong" && n.region === subject;
}

/** Exits that are no fault: the run's end, and an instance the auto-scaler drained and took out. */
export const leftCleanly = exit => exit === "normal" || exit === "scaled-in";

/** A node is gone (drawn red) when it left other than cleanly: the chaos monkey, a gorilla, a lost silo. */
export const gone = n => n.done && !leftCleanly(n.exit);

/**
 * What to draw: the nodes that pass the filters, one per service and zone (service level), one per service
 * ("services" level, and the force layout's service level) or one per instance (instance level, or a service
 * expanded by a click), and the edges between what is drawn, weighted by how many
 * instance edges each stands for.
 */
export function deriveView(graph, o) {
  const visible = [];
  for (const n of graph.nodes.values()) {
    const passes = (filter, value) => !filter || value === filter;
    if (passes(o.service, n.service) && passes(o.package, n.package) && passes(o.zone, n.zone)) visible.push(n);
  }
  const byId = new Map(), owner = new Map();
  for (const n of visible) {
    const instance = o.level === "instance" || o.expanded.has(n.service);
    // "services": one node per service wherever its instances are (in the architecture layout, one box for all).
    const whole = !instance && (o.layout === "force" || o.level === "services");
    const id = instance ? n.id : whole ? n.service : `${n.region}|${n.zone}|${n.service}`;
    let v = byId.get(id);
    if (!v) {
      const everywhere = whole && o.layout !== "force";
      v = { id, service: n.service, package: n.package,
        region: everywhere ? "all regions" : n.region, zone: everywhere ? "all zones" : n.zone,
        instance, name: instance ? n.id : n.service, place: whole ? null : `${n.region}.${n.zone}`,
        count: 0, alive: 0, gone: 0, degree: 0, done: true, exit: "", faulted: graph.faulty.has(n.service) };
      byId.set(id, v);
    }
    v.count++;
    v.degree += n.degree;
    if (!n.done) {
      v.alive++;
      v.done = false;
    }
    if (gone(n)) {
      v.gone++;
      v.exit = n.exit;
    }
    if (instance) v.exit = n.exit;
    if (o.layout === "force" && !instance && v.zone !== n.zone) v.zone = "";
    owner.set(n.id, v);
  }
  const pairs = new Map();
  for (const e of graph.edges.values()) {
    const s = owner.get(e.source), t = owner.get(e.target);
    if (!s || !t || s === t) continue;
    const key = s.id + "\t" + t.id;
    const l = pairs.get(key);
    if (l) l.weight++;
    else pairs.set(key, { source: s, target: t, weight: 1, key });
  }
  return { nodes: [...byId.values()], links: [...pairs.values()] };
}
