// The run's own counters, summed over every silo by /api/traffic. Per service: requests (GetRequest + Put delivered),
// requests failed, nanoservices alive, the sampled delivery latency and the response time histograms. Per edge
// (service in a zone → dependency service in a zone, "region.zone", counted by the caller): requests sent and failed;
// per service pair, the same over every zone with the response time the callers saw.
// Polled once a second; the page keeps the last 70 samples to give rates, error shares and percentiles over the last
// minute and the small charts.

export const WINDOW_MS = 60000;
const KEEP = 70;

// LatencyHistogram's buckets (Grains.Interfaces/Runs/LatencyHistogram.cs): bucket i holds latencies up to
// 100 ns × 1.02^i.
const SMALLEST = 1e-7, STEP = Math.log(1.02);

/**
 * The same percentile LatencyHistogram.Percentile gives: the bound of the bucket where the share is reached, in
 * seconds.
 */
export function percentile(buckets, percent) {
  let total = 0;
  for (const b of buckets) total += b;
  if (total === 0) return 0;
  const wanted = Math.ceil(percent / 100 * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i];
    if (seen >= wanted) return SMALLEST * Math.exp(i * STEP);
  }
  return SMALLEST * Math.exp((buckets.length - 1) * STEP);
}

function minus(a, b) {
  const out = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.max(0, a[i] - (b && i < b.length ? b[i] : 0));
  return out;
}

const ZERO = {
  requests: 0, failed: 0, alive: 0, latency: [], response: [], workers: 0, waiting: 0, refused: 0, busySeconds: 0,
  workerSeconds: 0,
};

/** Busy worker-seconds over worker-seconds between two samples of a service, 0–1; null when it has no workers. */
function utilizationBetween(x, y) {
  const workerSeconds = (y.workerSeconds || 0) - (x.workerSeconds || 0);
  if (workerSeconds <= 1e-9) return null;
  return Math.min(1, Math.max(0, ((y.busySeconds || 0) - (x.busySeconds || 0)) / workerSeconds));
}
const pairKey = (service, dependency) => `${service}\t${dependency}`;

/**
 * The requests along a service pair in one sample, from the zone `from` (null: every zone) to the zone `to`
 * (likewise).
 */
function along(sample, service, dependency, from, to) {
  const out = { requests: 0, failed: 0 };
  for (const e of sample.edges.get(pairKey(service, dependency)) || []) {
    if ((from !== null && e.zone !== from) || (to !== null && e.dependencyZone !== to)) continue;
    out.requests += e.requests;
    out.failed += e.failed;
  }
  return out;
}

export class Traffic {
  constructor() {
    this.reset(NaN);
  }

  reset(started) {
    this.samples = [];
    this.started = started;
  }

  /**
   * One poll's answer: {services: [{service, package, requests, failed, alive, latency, response, workers, waiting,
   * refused, busySeconds, workerSeconds}],
   * edges: [{service, zone, dependency, dependencyZone, requests, failed}],
   * dependencies: [{service, dependency, requests, failed, response}]}.
   */
  push(at, answer) {
    const edges = new Map();
    for (const e of answer.edges) {
      const key = pairKey(e.service, e.dependency);
      if (!edges.has(key)) edges.set(key, []);
      edges.get(key).push(e);
    }
    this.samples.push({ at, services: new Map(answer.services.map(s => [s.service, s])), edges,
      pairs: new Map(answer.dependencies.map(d => [pairKey(d.service, d.dependency), d])) });
    if (this.samples.length > KEEP) this.samples.shift();
  }

  get services() { return this.samples.length ? [...this.samples.at(-1).services.keys()] : []; }

  /** Requests per second into a service over the last poll interval (0 before two polls). */
  rate(service) { return this.lastInterval(s => s.services.get(service))?.rate ?? 0; }

  /**
   * Busy workers over workers over the last poll interval, 0–1; null for a service without a capacity (or before two
   * polls).
   */
  utilization(service) {
    const n = this.samples.length;
    if (n < 2) return null;
    const pick = s => s.services.get(service) || ZERO;
    return utilizationBetween(pick(this.samples[n - 2]), pick(this.samples[n - 1]));
  }

  /** Share of requests failed over the last poll interval, 0–1. */
  errorShare(service) { return this.lastInterval(s => s.services.get(service))?.errors ?? 0; }

  /**
   * Requests per second from a service (in zone `from`, or any when null) to a dependency service (in zone `to`, or
   * any), and the share of them failed, over the last poll interval (null before two polls).
   */
  edge(service, dependency, from = null, to = null) {
    return this.lastInterval(s => along(s, service, dependency, from, to));
  }

  /**
   * Requests per second and the share failed, 0–1, over the last poll interval, of what `pick` finds in a sample (null
   * before two polls).
   */
  lastInterval(pick) {
    const n = this.samples.length;
    if (n < 2) return null;
    const a = this.samples[n - 2], b = this.samples[n - 1];
    const x = pick(a) || ZERO, y = pick(b) || ZERO;
    const seconds = (b.at - a.at) / 1000;
    const requests = Math.max(0, y.requests - x.requests), failed = Math.max(0, y.failed - x.failed);
    return { rate: seconds > 0 ? requests / seconds : 0, errors: requests > 0 ? Math.min(1, failed / requests) : 0 };
  }

  /**
   * A service's figures over the last minute: the newest counts less those of the newest sample at least a minute old;
   * while the run is younger than a minute, since the run started (the counters are the run's); while the page has
   * watched an older run for less than a minute, since its first sample.
   */
  windowOf(service) { return this.window(s => s.services.get(service)); }

  /**
   * A service pair's figures over the last minute (as windowOf), every zone: requests sent, failed, rate, error share,
   * p50/p99 response time.
   */
  edgeWindowOf(service, dependency) {
    const key = pairKey(service, dependency);
    return this.window(s => s.pairs.get(key));
  }

  window(pick) {
    const last = this.samples.at(-1);
    if (!last) return null;
    const now = pick(last) || ZERO;
    let base = [...this.samples].reverse().find(s => s.at <= last.at - WINDOW_MS), from;
    if (base) from = base.at;
    else if (this.started >= last.at - WINDOW_MS) from = this.started;   // the run is younger than a minute: all of it
    else {
      // Older, but the page has not watched it for a minute: since the first sample.
      base = this.samples[0];
      from = base.at;
    }
    const before = (base && pick(base)) || ZERO;
    const seconds = Math.max(0.001, (last.at - from) / 1000);
    const requests = now.requests - before.requests, failed = now.failed - before.failed;
    const response = minus(now.response || [], before.response), delivery = minus(now.latency || [], before.latency);
    return {
      // Capped: under a resilience policy a timeout inside the window may be of a request sent before it.
      seconds, requests, failed, rate: requests / seconds, errors: requests > 0 ? Math.min(1, failed / requests) : 0,
      p50: percentile(response, 50), p99: percentile(response, 99),
      delivery99: percentile(delivery, 99), alive: now.alive,
      workers: now.workers || 0, waiting: now.waiting || 0,
      refused: Math.max(0, (now.refused || 0) - (before.refused || 0)),
      utilization: utilizationBetween(before, now),
    };
  }

  /** Per poll interval, for the small charts: [{at, rate, errors, p50, p99}]. */
  history(service) {
    const out = [];
    for (let i = 1; i < this.samples.length; i++) {
      const a = this.samples[i - 1], b = this.samples[i];
      const x = a.services.get(service) || ZERO, y = b.services.get(service) || ZERO;
      const seconds = Math.max(0.001, (b.at - a.at) / 1000), requests = Math.max(0, y.requests - x.requests);
      const response = minus(y.response || [], x.response);
      const rate = requests / seconds, errors = requests > 0 ? Math.max(0, y.failed - x.failed) / requests : 0;
      out.push({ at: b.at, rate, errors, p50: percentile(response, 50), p99: percentile(response, 99) });
    }
    return out;
  }
}
