// Where things go. The architecture layout puts services in tiers (columns) by their dependency depth from the traffic
// root, inside labelled boxes for regions and, within them, zones; the force layout is D3's, as spigo drew it.

/**
 * Tier of each service: its depth by breadth-first search over service edges from the roots (services nobody depends
 * on that depend on something; the denominator in spigo's architectures). Services the search does not reach go one
 * tier past the deepest; services with no edges at all stay in tier 0.
 */
export function tiers(services, serviceEdges) {
  const out = new Map(), indegree = new Map(services.map(s => [s, 0]));
  for (const e of serviceEdges) {
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source).push(e.target);
    indegree.set(e.target, (indegree.get(e.target) || 0) + 1);
    if (!indegree.has(e.source)) indegree.set(e.source, 0);
  }
  const depth = new Map();
  const queue = [...indegree.keys()].filter(s => indegree.get(s) === 0 && out.has(s)).sort();
  for (const s of queue) depth.set(s, 0);
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    for (const t of out.get(s) || []) {
      if (depth.has(t)) continue;
      depth.set(t, depth.get(s) + 1);
      queue.push(t);
    }
  }
  let deepest = 0;
  for (const d of depth.values()) if (d > deepest) deepest = d;
  for (const s of indegree.keys()) {
    if (!depth.has(s)) depth.set(s, indegree.get(s) === 0 && !out.has(s) ? 0 : deepest + 1);
  }
  return depth;
}

const order = (a, b) => (a === "*" ? -1 : b === "*" ? 1 : a.localeCompare(b, undefined, { numeric: true }));

export const SERVICE_SLOT = { w: 150, h: 56 };
export const INSTANCE_STEP = 16;
const PAD = 14, LABEL = 20, COLUMN_GAP = 70;

/** The slot a drawn node (or an expanded service's block of instances) takes in its tier column. */
function slotOf(items) {
  if (!items[0].instance) return { w: SERVICE_SLOT.w, h: SERVICE_SLOT.h, cols: 1 };
  const cols = Math.max(1, Math.min(Math.ceil(Math.sqrt(items.length * 2)), 80));
  const rows = Math.ceil(items.length / cols);
  return { w: Math.max(SERVICE_SLOT.w, cols * INSTANCE_STEP), h: rows * INSTANCE_STEP + 26, cols };
}

/**
 * Positions every view node (x, y) and returns the boxes to draw: {kind: "region"|"zone", region, zone, label, x, y,
 * w, h}. Regions are stacked top to bottom ("*", the global services, first), zones inside each; tier k is column k
 * in all.
 */
export function architectureLayout(view, tierOf) {
  const cells = cellsOf(view, tierOf);
  let maxTier = 0;
  for (const v of view.nodes) if (v.tier > maxTier) maxTier = v.tier;
  const { grids, columnWidth } = gridsOf(cells, maxTier);
  const { columnX, width } = columnsOf(columnWidth, maxTier);
  const { boxes, height } = stackRegions(cells, grids, columnX, width);
  // Regions first, so that zones are drawn over them.
  boxes.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "region" ? -1 : 1));
  return { boxes, columnX, width, height };
}

/** Sets each view node's tier and files it in its cell: region -> zone -> tier -> service -> [view nodes]. */
function cellsOf(view, tierOf) {
  const cells = new Map();
  for (const v of view.nodes) {
    v.tier = tierOf.get(v.service) ?? 0;
    const r = cells.get(v.region) || cells.set(v.region, new Map()).get(v.region);
    const z = r.get(v.zone) || r.set(v.zone, new Map()).get(v.zone);
    const t = z.get(v.tier) || z.set(v.tier, new Map()).get(v.tier);
    (t.get(v.service) || t.set(v.service, []).get(v.service)).push(v);
  }
  return cells;
}

/** Each cell is a grid of slots (one per service in it); a column is as wide as its widest cell needs. */
function gridsOf(cells, maxTier) {
  const columnWidth = new Array(maxTier + 1).fill(SERVICE_SLOT.w);
  const grids = new Map();
  for (const [region, zones] of cells) for (const [zone, tierMap] of zones) for (const [tier, services] of tierMap) {
    const g = gridOf(services);
    grids.set(`${region}|${zone}|${tier}`, g);
    columnWidth[tier] = Math.max(columnWidth[tier], g.across * g.slotW);
  }
  return { grids, columnWidth };
}

function gridOf(services) {
  const slots = [...services.entries()].sort((a, b) => order(a[0], b[0]))
    .map(([, items]) => ({ items, ...slotOf(items) }));
  const slotW = slots.reduce((m, s) => Math.max(m, s.w), 0), slotH = slots.reduce((m, s) => Math.max(m, s.h), 0);
  const across = slots.length > 8 ? Math.ceil(Math.sqrt(slots.length * slotH / slotW)) : 1;
  return { slots, slotW, slotH, across };
}

function columnsOf(columnWidth, maxTier) {
  const columnX = [];
  let x = PAD * 2 + LABEL * 4;
  for (let k = 0; k <= maxTier; k++) {
    columnX.push(x);
    x += columnWidth[k] + COLUMN_GAP;
  }
  return { columnX, width: x - COLUMN_GAP + PAD * 2 };
}

/** Stacks the regions, and the zones in each, top to bottom, placing their nodes; returns the boxes and the height. */
function stackRegions(cells, grids, columnX, width) {
  const boxes = [];
  let y = 0;
  for (const region of [...cells.keys()].sort(order)) {
    const zones = cells.get(region), top = y;
    y += LABEL + PAD;
    for (const zone of [...zones.keys()].sort(order)) {
      const zoneTop = y;
      const height = placeZone(zones.get(zone), tier => grids.get(`${region}|${zone}|${tier}`), columnX, zoneTop);
      y = zoneTop + PAD * 2 + height;
      const label = zone === "*" ? "all zones" : zone;
      boxes.push({ kind: "zone", region, zone, label, x: PAD * 2, y: zoneTop, w: width - PAD * 4, h: y - zoneTop });
      y += PAD / 2;
    }
    y += PAD / 2;
    const label = region === "*" ? "global" : region || "(no region)";
    boxes.push({ kind: "region", region, zone: "", label, x: PAD, y: top, w: width - PAD * 2, h: y - top });
    y += PAD * 2;
  }
  return { boxes, height: y };
}

/** Places a zone's nodes, tier by tier; returns the height of its tallest grid. */
function placeZone(tierMap, gridOfTier, columnX, zoneTop) {
  let height = 0;
  for (const [tier] of tierMap) {
    const g = gridOfTier(tier);
    const rows = Math.ceil(g.slots.length / g.across);
    height = Math.max(height, rows * g.slotH);
    placeSlots(g, columnX[tier], zoneTop);
  }
  return height;
}

/** A service's node goes in the middle of its slot; an expanded service's instances fill theirs row by row. */
function placeSlots(g, columnLeft, zoneTop) {
  g.slots.forEach((s, i) => {
    const sx = columnLeft + (i % g.across) * g.slotW, sy = zoneTop + PAD + Math.floor(i / g.across) * g.slotH;
    if (!s.items[0].instance) {
      const v = s.items[0];
      v.x = sx + g.slotW / 2;
      v.y = sy + SERVICE_SLOT.h / 2 - 6;
    } else {
      const left = sx + (g.slotW - s.cols * INSTANCE_STEP) / 2 + INSTANCE_STEP / 2;
      s.items.sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true })).forEach((v, j) => {
        v.x = left + (j % s.cols) * INSTANCE_STEP;
        v.y = sy + 8 + Math.floor(j / s.cols) * INSTANCE_STEP;
      });
    }
  });
}

/** D3's force layout over the view; positions of nodes already placed are kept so a growing graph does not jump. */
export function forceLayout(onTick) {
  const simulation = d3.forceSimulation()
    .force("charge", d3.forceManyBody().strength(-40).theta(0.9))
    .force("link", d3.forceLink().id(d => d.id).distance(30))
    .force("x", d3.forceX().strength(0.05))
    .force("y", d3.forceY().strength(0.05))
    .on("tick", onTick)
    .stop();
  return {
    simulation,
    run(view, old) {
      for (const n of view.nodes) {
        const before = old.get(n.id);
        if (before?.x === undefined) continue;
        Object.assign(n, { x: before.x, y: before.y, vx: before.vx, vy: before.vy });
      }
      simulation.nodes(view.nodes);
      simulation.force("link").links(view.links);
      // Large graphs settle faster so the tab stays responsive.
      simulation.alphaDecay(view.nodes.length > 3000 ? 0.08 : 0.0228);
      simulation.alpha(Math.max(simulation.alpha(), 0.3)).restart();
    },
    stop() { simulation.stop(); },
  };
}
