// The event strip along the bottom: every fault and its end as Edda recorded them (the Simian Army's events: a monkey,
// gorilla or kong and what came back, errors, latency, partitions; nanoservices that left other than by a normal
// Goodbye that no such event explains: a lost silo, the half-time chaos monkey, a zone's worth at once) and, from the
// counters, each service that starts failing requests or has fewer nanoservices alive than Edda lists, and its
// recovery.
import { eventParts, leftCleanly, parseName, stoppedBy } from "./model.js";

const ZONE_GAP_MS = 2000;   // stops in one zone this close together are one zone outage
const QUIET = 3;            // poll intervals without failures before a failing service counts as recovered
const SKEW_MS = 1000;       // a stop's done entries come after its event, by the grains' clocks

const nanoservices = what => /^\d+$/.test(what) ? `${what} nanoservice${what === "1" ? "" : "s"}` : what;

/** Strip entries that are no fault: an end of one, and the auto-scaler's actions. */
export const GOOD = new Set(["recovered", "scaling"]);

/**
 * A strip entry for an Edda event (also the panel's text): kind "node", "zone", "region" or "fault" for a fault,
 * "recovered" for its end, "breaker" for a circuit breaker's change, "scaling" for the auto-scaler's; fault: what did
 * it.
 */
export function describe(e) {
  const { kind, what } = eventParts(e.event), s = e.subject;
  const fault = kind.replace(/-(ended|healed)$/, ""), t = e.t;
  const entry = (entryKind, text, about = {}) => ({ t, kind: entryKind, fault, ...about, text });
  switch (kind) {
    case "monkey": return entry("node", `monkey: ${what} stopped`, { service: s });
    case "gorilla": return entry("zone", `gorilla: zone ${s} out: ${nanoservices(what)} stopped`, { zone: s });
    case "kong": return entry("region", `kong: region ${s} out: ${nanoservices(what)} stopped`, { region: s });
    case "monkey-ended": return entry("recovered", `monkey ended: ${what} back`, { service: s });
    case "gorilla-ended":
      return entry("recovered", `gorilla ended: zone ${s} back: ${nanoservices(what)} set up again`, { zone: s });
    case "kong-ended":
      return entry("recovered", `kong ended: region ${s} back: ${nanoservices(what)} set up again`, { region: s });
    case "errors": return entry("fault", `errors: ${s} fails ${what} of its requests`, { service: s });
    case "errors-ended": return entry("recovered", `errors ended: ${s} serves its requests again`, { service: s });
    case "latency": return entry("fault", `latency: ${s} takes ${what} over each request`, { service: s });
    case "latency-ended": return entry("recovered", `latency ended: ${s} back to its own time`, { service: s });
    case "partition": return entry("fault", `partition: ${s} cut`);
    case "partition-healed": return entry("recovered", `partition healed: ${s}`);
    case "scale-out": case "scale-in": {
      const [zone, change] = [what.slice(0, what.lastIndexOf(":")), what.slice(what.lastIndexOf(":") + 1)];
      return entry("scaling", `auto-scaler: ${s} ${change} in ${zone}`, { service: s, zone });
    }
    case "breaker":
      return entry("breaker", `breaker: ${s} → ${what.replace(":", " ")}`, { service: parseName(s).service });
    default: return entry("fault", `${e.event}: ${s}`);
  }
}

export class EventStrip {
  constructor(root, onPick) {
    this.root = root;
    this.onPick = onPick;
    this.reset();
  }

  reset() {
    this.fromTraffic = [];
    this.failing = new Map();
    this.missing = new Map();
    this.full = new Set();
    this.peak = new Map();
    this.shown = "";
    this.root.replaceChildren();
  }

  /** After each poll of the counters: services that began failing requests, or stopped. */
  observe(traffic, at, graph) {
    at -= graph.origin;   // on the log's clock
    this.observeAlive(traffic, at, graph);
    for (const service of traffic.services) {
      const share = traffic.errorShare(service), state = this.failing.get(service);
      if (share > 0) {
        if (!state) {
          const text = `${service} failing ${(share * 100).toFixed(1)}% of requests`;
          this.fromTraffic.push({ t: at, kind: "errors", service, text });
        }
        this.failing.set(service, { quiet: 0 });
      } else if (state && traffic.rate(service) > 0 && ++state.quiet >= QUIET) {
        // Recovered: serving requests again without failing them (a service nobody calls any more has not recovered).
        this.failing.delete(service);
        this.fromTraffic.push({ t: at, kind: "recovered", service, text: `${service} recovered: no failed requests` });
      }
    }
  }

  /**
   * Nanoservices Edda lists as running that no silo counts alive for QUIET polls in a row, once the service has been
   * counted whole or its count has fallen (during setup Edda may list nodes before they are named): lost with a silo
   * (a silo that goes away takes its counts with it); all counted again is their recovery.
   */
  observeAlive(traffic, at, graph) {
    const expected = new Map();
    for (const n of graph.nodes.values()) if (!n.done) expected.set(n.service, (expected.get(n.service) || 0) + 1);
    for (const service of traffic.services) {
      const want = expected.get(service) || 0, alive = traffic.samples.at(-1).services.get(service)?.alive ?? want;
      const state = this.missing.get(service) || { polls: 0, reported: false };
      // Counted whole once, or fewer counted now than before: not a setup still naming its nodes.
      if (alive >= want && want > 0) this.full.add(service);
      const peak = Math.max(this.peak.get(service) || 0, alive);
      this.peak.set(service, peak);
      if (alive < want && (this.full.has(service) || alive < peak)) {
        if (++state.polls === QUIET) {
          state.reported = true;
          const text = `${service}: ${want - alive} of ${want} not alive on any silo (lost with a silo?)`;
          this.fromTraffic.push({ t: at, kind: "lost", service, text });
        }
        this.missing.set(service, state);
      } else if (state.polls > 0) {
        if (state.reported) {
          const text = `${service}: as many alive on the silos as Edda lists again (${want})`;
          this.fromTraffic.push({ t: at, kind: "recovered", service, text });
        }
        this.missing.delete(service);
      }
    }
  }

  /** The events up to the graph's cursor, oldest first. */
  events(graph) {
    // graph.events holds Edda's events at or before the cursor; a stop they record is shown once, as the fault.
    const faults = graph.events.map(describe).filter(e => e.kind !== "breaker");
    const stops = graph.events.map(e => ({ t: e.t, subject: e.subject, ...eventParts(e.event) }))
      .filter(e => e.kind === "monkey" || e.kind === "gorilla" || e.kind === "kong");
    const explained = e => {
      const n = graph.nodes.get(e.done);
      return e.exit === "chaos" && stops.some(s => s.t <= e.t + SKEW_MS && stoppedBy(s.kind, s.subject, s.what, n));
    };
    const gone = graph.log.filter(e => e.done !== undefined && e.exit && !leftCleanly(e.exit) && graph.nodes.has(e.done)
      && (graph.cursor === null || !(e.t > graph.cursor)) && !explained(e));
    const groups = [];
    for (const e of gone) {
      const parts = e.done.split("."), zone = parts.length >= 3 ? `${parts[1]}.${parts[2]}` : "";
      const last = groups.findLast(g => g.zone === zone && g.exit === e.exit);
      if (last && e.t - last.until <= ZONE_GAP_MS) {
        last.names.push(e.done);
        last.until = e.t;
      } else groups.push({ zone, exit: e.exit, t: e.t, until: e.t, names: [e.done] });
    }
    const out = [];
    for (const g of groups) {
      if (g.names.length >= 3) {
        const text = `zone ${g.zone} out: ${g.names.length} nanoservices stopped (${g.exit})`;
        out.push({ t: g.t, kind: "zone", zone: g.zone, text });
      } else {
        for (const name of g.names) {
          const service = name.split(".")[3] || name;
          out.push({ t: g.t, kind: "node", zone: g.zone, service, text: `${g.exit}: ${name} stopped` });
        }
      }
    }
    out.push(...faults);
    for (const e of this.fromTraffic) if (graph.cursor === null || !(e.t > graph.cursor)) out.push(e);
    return out.sort((a, b) => a.t - b.t);
  }

  render(graph) {
    const events = this.events(graph);
    const signature = events.length + ":" + (events.at(-1)?.text || "");
    if (signature === this.shown) return;
    this.shown = signature;
    this.root.replaceChildren(...events.map(e => {
      const li = document.createElement("li");
      li.className = GOOD.has(e.kind) ? "ok" : "bad";
      li.dataset.kind = e.kind;
      if (e.zone) li.dataset.zone = e.zone;
      if (e.region) li.dataset.region = e.region;
      if (e.service) li.dataset.service = e.service;
      if (e.fault) li.dataset.fault = e.fault;
      const time = document.createElement("time");
      const known = Number.isFinite(e.t) && Number.isFinite(graph.origin);
      time.textContent = known ? graph.dateOf(e.t).toISOString().slice(11, 19) : "";
      li.append(time, " " + e.text);
      li.addEventListener("click", () => this.onPick(e));
      return li;
    }));
    this.root.scrollLeft = this.root.scrollWidth;
  }
}
