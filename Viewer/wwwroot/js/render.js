// Drawing a scene on the canvas (so 10,000 nodes stay interactive) and, for export, as SVG: region and zone boxes,
// directed edges faded by weight with their request rate and error share, traffic particles, nodes with labels and
// badges.

export const RED = "#d62728";
const PALETTE = [...d3.schemeTableau10.filter(c => c !== "#e15759"), ...d3.schemeDark2, ...d3.schemeSet2];

export function palette() {
  return d3.scaleOrdinal(PALETTE);
}

/**
 * Drawn red: an instance that is gone, a service whose instances here are all gone (some gone: a red ring), or a
 * service an errors fault makes fail requests now.
 */
export const isRed = v => (v.gone > 0 && v.gone === v.count) || Boolean(v.faulted);
const ringed = v => v.gone > 0 && v.gone < v.count;

export function radius(v) {
  return v.instance ? Math.min(7, 3 + 1.2 * Math.sqrt(v.degree)) : Math.min(22, 9 + 2 * Math.sqrt(v.count));
}

/**
 * The edge as a curve (a cubic Bézier's four points, x and y each): left to right between tiers in the architecture
 * layout, a loop back otherwise; straight in force.
 */
export function curve(l, architecture) {
  const s = l.source, t = l.target, rs = radius(s), rt = radius(t);
  if (!architecture) return [s.x, s.y, s.x, s.y, t.x, t.y, t.x, t.y];
  if (t.x > s.x + 1) {
    const x0 = s.x + rs, x3 = t.x - rt - 3, dx = (x3 - x0) / 2;
    return [x0, s.y, x0 + dx, s.y, x3 - dx, t.y, x3, t.y];
  }
  // Same tier or backwards (a ring of Cassandra nodes across zones, storage that names itself): bow out to the right.
  const bow = 40 + Math.abs(t.y - s.y) * 0.25;
  return [s.x + rs, s.y, s.x + rs + bow, s.y, t.x + rt + bow, t.y, t.x + rt + 3, t.y];
}

/** The point of curve c at u, 0–1. */
function at(c, u) {
  const v = 1 - u;
  return [v * v * v * c[0] + 3 * v * v * u * c[2] + 3 * v * u * u * c[4] + u * u * u * c[6],
    v * v * v * c[1] + 3 * v * v * u * c[3] + 3 * v * u * u * c[5] + u * u * u * c[7]];
}

export function formatRate(r) {
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

export function formatMs(seconds) {
  const ms = seconds * 1000;
  return ms.toFixed(ms >= 100 ? 0 : ms >= 1 ? 2 : 3) + " ms";
}

export function edgeLabel(f) {
  return `${formatRate(f.rate)}/s · ${(f.errors * 100).toFixed(1)}%`;
}

/**
 * Draws the scene: {view, boxes, architecture, color(v), flow(link) -> {rate, errors} | null, lit: Set of view ids or
 * null, selected: service or null, now: ms, layerKey: changes whenever the edges' look does, errors(service) -> share
 * failing now}. Returns how many nodes and edges were drawn (those on screen) and the ids labelled.
 */
export function draw(ctx, width, height, transform, scene) {
  ctx.save();
  ctx.clearRect(0, 0, width, height);
  ctx.translate(transform.x, transform.y);
  ctx.scale(transform.k, transform.k);
  const viewport = viewportOf(width, height, transform, scene.view.nodes.length);
  drawBoxes(ctx, scene.boxes, viewport);
  const { drawnEdges, labels } = drawEdges(ctx, width, height, transform, scene, viewport);
  drawEdgeLabels(ctx, labels, viewport);
  const { drawnNodes, labelled } = drawNodes(ctx, scene, viewport);
  ctx.globalAlpha = 1;
  ctx.restore();
  return { drawnNodes, drawnEdges, labelled, settling: !!scene.settling };
}

/**
 * What the transform shows of the world: its scale k, onScreen(x, y, margin) to skip what is off screen, and the text
 * zoom z with font(size, bold) sized by it.
 */
function viewportOf(width, height, transform, nodeCount) {
  const k = transform.k;
  // The visible world rectangle.
  const x0 = -transform.x / k, y0 = -transform.y / k, x1 = x0 + width / k, y1 = y0 + height / k;
  const onScreen = (x, y, m) => x >= x0 - m && x <= x1 + m && y >= y0 - m && y <= y1 + m;
  // Text grows as the view zooms out (up to a point) while there are few enough nodes to label them all.
  const z = nodeCount <= 600 ? Math.min(2.4, Math.max(1, 0.9 / k)) : 1;
  const font = (size, bold) => `${bold ? "bold " : ""}${size * z}px system-ui, sans-serif`;
  return { k, z, onScreen, font };
}

/** The region and zone boxes, named where the names are large enough to read. */
function drawBoxes(ctx, boxes, viewport) {
  const { k, z, font } = viewport;
  for (const b of boxes) {
    const region = b.kind === "region";
    ctx.fillStyle = region ? "rgba(60,90,140,0.05)" : "rgba(255,255,255,0.85)";
    ctx.strokeStyle = region ? "#8da2c0" : "#c9d3e0";
    ctx.lineWidth = (region ? 1.5 : 1) / k;
    ctx.fillRect(b.x, b.y, b.w, b.h);
    ctx.strokeRect(b.x, b.y, b.w, b.h);
    if (12 * k * z < 5) continue;
    ctx.fillStyle = region ? "#34507a" : "#6b7c93";
    ctx.font = region ? font(11, true) : font(9);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(b.label, b.x + 6, b.y + 3);
  }
}

/**
 * The edges: one by one while there are few (then their labels are returned, [at, text, failing] each, for
 * drawEdgeLabels), else as one layer. Returns how many were drawn.
 */
function drawEdges(ctx, width, height, transform, scene, viewport) {
  const links = scene.view.links;
  let heaviest = 1;
  for (const l of links) if (l.weight > heaviest) heaviest = l.weight;
  if (links.length > 1500) return { drawnEdges: edgeLayer(ctx, width, height, transform, scene, heaviest), labels: [] };
  let drawnEdges = 0;
  const labels = [];
  for (const l of links) {
    const s = l.source, t = l.target;
    if (s.x === undefined || t.x === undefined) continue;
    if (!viewport.onScreen(s.x, s.y, 200) && !viewport.onScreen(t.x, t.y, 200)) continue;
    drawnEdges++;
    const label = drawEdge(ctx, l, scene, viewport.k, heaviest);
    if (label) labels.push(label);
  }
  return { drawnEdges, labels };
}

/**
 * One edge: its curve, faded by weight (dimmed when the highlight leaves it out), its arrowhead and traffic particles.
 * Returns its label, [at, text, failing], when its figures are worth showing (between services), else null.
 */
function drawEdge(ctx, l, scene, k, heaviest) {
  const s = l.source, t = l.target, lit = scene.lit;
  const c = curve(l, scene.architecture);
  const f = scene.flow(l), failing = f && f.errors > 0, dim = lit && !(lit.has(s.id) && lit.has(t.id));
  const alpha = dim ? 0.05 : 0.25 + 0.55 * Math.sqrt(l.weight / heaviest);
  ctx.strokeStyle = failing ? `rgba(214,39,40,${Math.max(alpha, 0.6)})` : `rgba(90,100,115,${alpha})`;
  // Wider with more traffic, or (without traffic figures) with more instance edges behind it.
  const width = f && f.rate > 0 ? 1 + Math.min(4, Math.log10(1 + f.rate)) : 0.8 + Math.min(3, Math.log10(l.weight));
  ctx.lineWidth = width / Math.sqrt(k);
  ctx.beginPath();
  ctx.moveTo(c[0], c[1]);
  if (scene.architecture) ctx.bezierCurveTo(c[2], c[3], c[4], c[5], c[6], c[7]);
  else ctx.lineTo(c[6], c[7]);
  ctx.stroke();
  drawArrowhead(ctx, c, k);
  if (f && f.rate > 0 && !dim) {
    const phase = (scene.now / 1000) * 0.6 + (l.key.length % 7) / 7;
    drawParticles(ctx, c, f.rate, failing, phase, k);
  }
  const between = !s.instance && !t.instance && s.service !== t.service;
  return f && (f.rate >= 0.01 || failing) && between ? [at(c, 0.5), edgeLabel(f), failing] : null;
}

/** The arrowhead at the end of curve c, along its last tangent, in the edge's colour. */
function drawArrowhead(ctx, c, k) {
  const angle = Math.atan2(c[7] - c[5], c[6] - c[4]), a = 6 / Math.sqrt(k);
  ctx.fillStyle = ctx.strokeStyle;
  ctx.beginPath();
  ctx.moveTo(c[6], c[7]);
  ctx.lineTo(c[6] - a * Math.cos(angle - 0.4), c[7] - a * Math.sin(angle - 0.4));
  ctx.lineTo(c[6] - a * Math.cos(angle + 0.4), c[7] - a * Math.sin(angle + 0.4));
  ctx.fill();
}

/** Traffic particles along curve c: more of them the busier the edge, moving from caller to callee. */
function drawParticles(ctx, c, rate, failing, phase, k) {
  const count = Math.min(6, 1 + Math.floor(2 * Math.log10(1 + rate)));
  ctx.fillStyle = failing ? RED : "#1f4e8c";
  for (let i = 0; i < count; i++) {
    const [px, py] = at(c, (phase + i / count) % 1);
    ctx.beginPath();
    ctx.arc(px, py, 2.4 / Math.sqrt(k), 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** Labels on edges (request rate and error share) where there is room to read them. */
function drawEdgeLabels(ctx, labels, viewport) {
  const { k, z, font, onScreen } = viewport;
  const room = labels.length <= 400 && 8 * k * z >= 5;
  if (!room) return;
  ctx.font = font(8);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  for (const [[x, y], text, failing] of labels) {
    if (!onScreen(x, y, 50)) continue;
    ctx.fillStyle = "rgba(250,250,250,0.8)";
    const w = ctx.measureText(text).width;
    ctx.fillRect(x - w / 2 - 2, y - 10 * z, w + 4, 10 * z);
    ctx.fillStyle = failing ? RED : "#3a4656";
    ctx.fillText(text, x, y);
  }
}

/**
 * The nodes on screen: one path per fill and alpha, filled once each; then what only some nodes need (rings, labels,
 * badges). Returns how many were drawn and the ids labelled.
 */
function drawNodes(ctx, scene, viewport) {
  const showLabels = 12 * viewport.k * viewport.z >= 5;
  const { drawnNodes, fills, decorated } = batchNodes(scene, viewport, showLabels);
  for (const { fill, alpha, path } of fills.values()) {
    ctx.globalAlpha = alpha;
    ctx.fillStyle = fill;
    ctx.fill(path);
  }
  const labelled = [];
  for (const [v, r, alpha, failing] of decorated) {
    ctx.globalAlpha = alpha;
    drawRings(ctx, v, r, failing, scene.selected, viewport.k);
    if (!v.instance && showLabels) {
      drawNodeLabel(ctx, v, r, viewport);
      labelled.push(v.id);
    }
  }
  return { drawnNodes, labelled };
}

/**
 * The nodes on screen sorted into fills: fill|alpha -> {fill, alpha, path of all such nodes}; and those that need
 * more than a fill: [v, radius, alpha, failing] each.
 */
function batchNodes(scene, viewport, showLabels) {
  const { k, onScreen } = viewport, lit = scene.lit;
  let drawnNodes = 0;
  const fills = new Map(), decorated = [];
  for (const v of scene.view.nodes) {
    if (v.x === undefined) continue;
    const r = radius(v);
    if (!onScreen(v.x, v.y, r + 60)) continue;
    drawnNodes++;
    const alpha = lit && !lit.has(v.id) ? 0.12 : v.done && !v.gone ? 0.3 : 1;
    const fill = isRed(v) ? RED : scene.color(v);
    const key = fill + "|" + alpha;
    let batch = fills.get(key);
    if (!batch) fills.set(key, batch = { fill, alpha, path: new Path2D() });
    // A node a few pixels across is drawn as a square: it looks the same and costs far less than an arc.
    if (r * k < 2.5) batch.path.rect(v.x - r, v.y - r, 2 * r, 2 * r);
    else {
      batch.path.moveTo(v.x + r, v.y);
      batch.path.arc(v.x, v.y, r, 0, 2 * Math.PI);
    }
    const failing = scene.errors ? scene.errors(v.service) > 0 : false;
    const selected = scene.selected && v.service === scene.selected;
    if (failing || ringed(v) || selected || (!v.instance && showLabels)) decorated.push([v, r, alpha, failing]);
  }
  return { drawnNodes, fills, decorated };
}

function strokeCircle(ctx, x, y, r) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.stroke();
}

/** The rings a node may wear: its service failing requests now, some of its instances gone, its service selected. */
function drawRings(ctx, v, r, failing, selected, k) {
  if (failing) {
    // Its service is failing requests now: a dashed red ring (health, as Kiali draws it).
    ctx.strokeStyle = RED;
    ctx.lineWidth = 2 / Math.sqrt(k);
    ctx.setLineDash([3 / Math.sqrt(k), 2 / Math.sqrt(k)]);
    strokeCircle(ctx, v.x, v.y, r + 5 / Math.sqrt(k));
    ctx.setLineDash([]);
  }
  if (ringed(v)) {
    // Some of the service's instances are gone: a red ring.
    ctx.strokeStyle = RED;
    ctx.lineWidth = 3;
    strokeCircle(ctx, v.x, v.y, r);
  }
  if (selected && v.service === selected) {
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 2 / Math.sqrt(k);
    strokeCircle(ctx, v.x, v.y, r + 3);
  }
}

/** A service node's name below it and its badge: instances alive of all (just the count when none is gone). */
function drawNodeLabel(ctx, v, r, viewport) {
  const { z, font } = viewport;
  ctx.fillStyle = "#1d2733";
  ctx.font = font(11);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(v.service, v.x, v.y + r + 2);
  const badge = v.alive === v.count ? String(v.count) : `${v.alive}/${v.count}`;
  ctx.font = font(9, true);
  const w = ctx.measureText(badge).width + 6 * z, h = 12 * z;
  ctx.fillStyle = v.gone > 0 ? RED : "#2f3b4c";
  ctx.beginPath();
  ctx.roundRect(v.x + r * 0.5, v.y - r - h / 2, w, h, h / 2);
  ctx.fill();
  ctx.fillStyle = "#fff";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillText(badge, v.x + r * 0.5 + 3 * z, v.y - r + 0.5);
}

// Thousands of edges cost most of a frame to rasterise, so they are drawn once into a layer a margin larger than the
// canvas: panning moves the layer, zooming scales it until the view has been still for a moment, then it is drawn
// again at the new scale. Anything else that changes the picture (the view, the highlight, the traffic) redraws it.
const MARGIN = 300, SETTLE_MS = 150;
const layer = { canvas: null, key: "", k: 0, x: 0, y: 0, drawn: 0, zoomedAt: 0 };

/**
 * Draws the edges through the layer: the one drawn before when it still covers the view (moved, or scaled while the
 * zoom settles), else drawn afresh. Returns how many edges the layer holds.
 */
function edgeLayer(ctx, width, height, transform, scene, heaviest) {
  const ratio = window.devicePixelRatio || 1, { k, x, y } = transform;
  const key = `${scene.layerKey}|${scene.architecture}|${width}x${height}|${ratio}`;
  const now = performance.now();
  if (layer.canvas && layer.key === key) {
    if (layer.k !== k) layer.zoomedAt = now;
    const inside = Math.abs(x - layer.x) <= MARGIN && Math.abs(y - layer.y) <= MARGIN;
    if (layer.k === k && inside) {
      blit(ctx, ratio, layer.canvas, x - layer.x - MARGIN, y - layer.y - MARGIN,
        width + 2 * MARGIN, height + 2 * MARGIN);
      return layer.drawn;
    }
    if (layer.k !== k && now - layer.zoomedAt < SETTLE_MS) {
      const r = k / layer.k;
      blit(ctx, ratio, layer.canvas, x - r * (layer.x + MARGIN), y - r * (layer.y + MARGIN),
        (width + 2 * MARGIN) * r, (height + 2 * MARGIN) * r);
      scene.settling = true;
      return layer.drawn;
    }
  }
  const drawn = paintLayer(width, height, ratio, transform, scene, heaviest);
  Object.assign(layer, { key, k, x, y, drawn });
  blit(ctx, ratio, layer.canvas, -MARGIN, -MARGIN, width + 2 * MARGIN, height + 2 * MARGIN);
  return drawn;
}

/** Copies an image onto the canvas in CSS pixels, whatever the canvas's transform. */
function blit(ctx, ratio, image, x, y, w, h) {
  ctx.save();
  ctx.resetTransform();
  ctx.scale(ratio, ratio);
  ctx.drawImage(image, x, y, w, h);
  ctx.restore();
}

/** Draws the edges near the view into the layer: one path per look (alpha in quarters), stroked once each. */
function paintLayer(width, height, ratio, transform, scene, heaviest) {
  const { k, x, y } = transform;
  const c = layer.canvas || (layer.canvas = document.createElement("canvas"));
  c.width = Math.ceil((width + 2 * MARGIN) * ratio);
  c.height = Math.ceil((height + 2 * MARGIN) * ratio);
  const lctx = c.getContext("2d");
  lctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  lctx.translate(x + MARGIN, y + MARGIN);
  lctx.scale(k, k);
  const x0 = (-x - MARGIN) / k, y0 = (-y - MARGIN) / k;
  const x1 = x0 + (width + 2 * MARGIN) / k, y1 = y0 + (height + 2 * MARGIN) / k;
  const inView = (px, py) => px >= x0 - 200 && px <= x1 + 200 && py >= y0 - 200 && py <= y1 + 200;
  const batches = new Map(), lit = scene.lit;
  let drawn = 0;
  for (const l of scene.view.links) {
    const s = l.source, t = l.target;
    if (s.x === undefined || t.x === undefined || (!inView(s.x, s.y) && !inView(t.x, t.y))) continue;
    const f = scene.flow(l), failing = f && f.errors > 0, dim = lit && !(lit.has(s.id) && lit.has(t.id));
    const alpha = dim ? 0.05 : Math.ceil((0.25 + 0.55 * Math.sqrt(l.weight / heaviest)) * 4) / 4;
    const style = failing ? "rgba(214,39,40,0.6)" : `rgba(90,100,115,${alpha})`;
    let path = batches.get(style);
    if (!path) batches.set(style, path = new Path2D());
    const cv = curve(l, scene.architecture);
    path.moveTo(cv[0], cv[1]);
    // Zoomed far out, a curve is not worth its cost over a line.
    if (scene.architecture && k >= 0.3) path.bezierCurveTo(cv[2], cv[3], cv[4], cv[5], cv[6], cv[7]);
    else path.lineTo(cv[6], cv[7]);
    drawn++;
  }
  lctx.lineWidth = 0.8 / k;
  for (const [style, path] of batches) {
    lctx.strokeStyle = style;
    lctx.stroke(path);
  }
  return drawn;
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
const esc = s => String(s).replace(/[&<>"']/g, c => ESCAPES[c]);

/**
 * The same scene as a standalone SVG document (presentation attributes only: no style elements, so it needs no
 * CSS).
 */
export function toSvg(scene, legend) {
  const xs = scene.view.nodes.filter(v => v.x !== undefined);
  const all = [...scene.boxes.map(b => [b.x, b.y, b.x + b.w, b.y + b.h]),
    ...xs.map(v => [v.x - 30, v.y - 30, v.x + 80, v.y + 40])];
  const reduce = (i, f, start) => all.reduce((m, a) => f(m, a[i]), start);
  const minX = reduce(0, Math.min, 0) - 10, minY = reduce(1, Math.min, 0) - 10;
  const maxX = reduce(2, Math.max, 100) + 220;
  const maxY = Math.max(reduce(3, Math.max, 100), minY + legend.length * 16 + 20) + 10;
  const w = maxX - minX, h = maxY - minY;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${w} ${h}" `
      + `width="${Math.round(w)}" height="${Math.round(h)}" font-family="system-ui, sans-serif">`,
    `<rect x="${minX}" y="${minY}" width="${w}" height="${h}" fill="#fafafa"/>`,
    ...scene.boxes.flatMap(svgBox), ...svgEdges(scene), ...xs.flatMap(v => svgNode(v, scene)),
  ];
  legend.forEach(([name, color], i) => {
    out.push(`<rect x="${maxX - 200}" y="${minY + 10 + i * 16}" width="10" height="10" fill="${color}"/>`,
      `<text x="${maxX - 185}" y="${minY + 19 + i * 16}" font-size="11" fill="#222">${esc(name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

/** A region or zone box and its name, as SVG elements. */
function svgBox(b) {
  const region = b.kind === "region";
  const fill = region ? "#f1f3f7" : "#ffffff", stroke = region ? "#8da2c0" : "#c9d3e0";
  return [`<rect class="${b.kind}" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" `
      + `fill="${fill}" stroke="${stroke}"/>`,
    `<text x="${b.x + 6}" y="${b.y + 15}" font-size="${region ? 13 : 11}" fill="#34507a">${esc(b.label)}</text>`];
}

/** The placed edges as SVG paths, with their figures between services. */
function svgEdges(scene) {
  const out = [];
  for (const l of scene.view.links) {
    if (l.source.x === undefined || l.target.x === undefined) continue;
    const c = curve(l, scene.architecture), f = scene.flow(l), failing = f && f.errors > 0;
    const d = `M${c[0]},${c[1]} C${c[2]},${c[3]} ${c[4]},${c[5]} ${c[6]},${c[7]}`;
    out.push(`<path d="${d}" fill="none" stroke="${failing ? RED : "#5a6473"}" stroke-opacity="0.6"/>`);
    if (f && !l.source.instance && !l.target.instance) {
      const [x, y] = at(c, 0.5);
      out.push(`<text x="${x}" y="${y - 2}" font-size="10" text-anchor="middle" fill="${failing ? RED : "#3a4656"}">`
        + `${esc(edgeLabel(f))}</text>`);
    }
  }
  return out;
}

/** A node as an SVG circle (its name as its title) and, for a service, its name and count below. */
function svgNode(v, scene) {
  const fill = isRed(v) ? RED : scene.color(v);
  const ring = ringed(v) ? ` stroke="${RED}" stroke-width="3"` : "";
  const faded = v.done && !v.gone ? " fill-opacity=\"0.3\"" : "";
  const out = [`<circle cx="${v.x}" cy="${v.y}" r="${radius(v)}" fill="${fill}"${ring}${faded}>`
    + `<title>${esc(v.name)}</title></circle>`];
  if (!v.instance) {
    const count = v.alive === v.count ? v.count : `${v.alive}/${v.count}`;
    out.push(`<text x="${v.x}" y="${v.y + radius(v) + 14}" font-size="12" text-anchor="middle" fill="#1d2733">`
      + `${esc(v.service)} (${count})</text>`);
  }
  return out;
}
