// spigo viewer: a force-directed graph of nanoservices drawn on a canvas (so 10,000+ nodes stay responsive),
// fed live from a run's Edda (Server-Sent Events) or from GraphJSON files.
"use strict";
(() => {
  const AGGREGATE_ABOVE = 10000;   // beyond this many nodes, start with one node per service
  const $ = id => document.getElementById(id);
  const canvas = $("graph"), ctx = canvas.getContext("2d"), tooltip = $("tooltip");
  const color = d3.scaleOrdinal(d3.schemeTableau10);

  // The whole graph as received; what is drawn is derived from it by the filters and the aggregation.
  let nodes = new Map();          // name -> {id, package, service, zone, region, degree, done, exit}
  let edges = new Map();          // "source\ttarget" -> {source, target}
  let shown = { nodes: [], links: [] };
  let drawnNodes = 0, drawnEdges = 0;
  let transform = d3.zoomIdentity;
  let aggregateTouched = false;
  let arch = "";
  let stream = null, trafficTimer = null;
  const traffic = new Map();      // service -> requests per second (recent)
  let lastCounts = null;
  let files = [], fileIndex = 0;

  const simulation = d3.forceSimulation()
    .force("charge", d3.forceManyBody().strength(-40).theta(0.9))
    .force("link", d3.forceLink().id(d => d.id).distance(30))
    .force("x", d3.forceX().strength(0.05))
    .force("y", d3.forceY().strength(0.05))
    .on("tick", draw);

  function parseName(name) {
    const p = name.split(".");
    return p.length === 6
      ? { arch: p[0], region: p[1], zone: p[2], service: p[3], package: p[4] }
      : { arch: p[0] || "", region: "", zone: "", service: name, package: "" };
  }

  function reset(source) {
    nodes = new Map(); edges = new Map(); traffic.clear(); lastCounts = null;
    aggregateTouched = false; $("aggregate").checked = false;
    $("source").textContent = source; $("error").textContent = "";
    for (const id of ["service", "package", "zone"]) $(id).length = 1;
    rebuild();
  }

  function addEntries(entries) {
    for (const e of entries) {
      if (e.node !== undefined) {
        if (nodes.has(e.node)) continue;
        const n = parseName(e.node);
        nodes.set(e.node, { id: e.node, package: e.package || n.package, service: n.service, zone: n.zone, region: n.region, degree: 0, done: false });
        if (!arch) arch = n.arch;
        addOption("service", n.service); addOption("package", e.package || n.package); addOption("zone", n.zone);
      } else if (e.edge !== undefined) {
        const key = e.source + "\t" + e.target;
        if (edges.has(key) || !nodes.has(e.source) || !nodes.has(e.target)) continue;
        edges.set(key, { source: e.source, target: e.target });
        nodes.get(e.source).degree++; nodes.get(e.target).degree++;
      } else if (e.done !== undefined && nodes.has(e.done)) {
        const n = nodes.get(e.done); n.done = true; n.exit = e.exit || "";
      }
    }
    if (!aggregateTouched) $("aggregate").checked = nodes.size > AGGREGATE_ABOVE;
    scheduleRebuild();
  }

  function addOption(id, value) {
    const select = $(id);
    if (!value || [...select.options].some(o => o.value === value)) return;
    select.add(new Option(value, value));
  }

  let rebuildPending = false;
  function scheduleRebuild() {
    if (rebuildPending) return;
    rebuildPending = true;
    requestAnimationFrame(() => { rebuildPending = false; rebuild(); });
  }

  // Derives what to draw, keeping the positions of nodes already placed so a growing graph does not jump.
  function rebuild() {
    const f = { service: $("service").value, package: $("package").value, zone: $("zone").value };
    const visible = [...nodes.values()].filter(n =>
      (!f.service || n.service === f.service) && (!f.package || n.package === f.package) && (!f.zone || n.zone === f.zone));
    const old = new Map(shown.nodes.map(n => [n.id, n]));
    let list, links;
    if ($("aggregate").checked) {
      const groups = d3.group(visible, n => n.service);
      list = [...groups].map(([service, members]) => ({
        id: service, service, package: members[0].package, zone: "", count: members.length,
        degree: d3.sum(members, m => m.degree), done: members.every(m => m.done),
      }));
      const pairs = new Map();
      const serviceOf = new Map(visible.map(n => [n.id, n.service]));
      for (const e of edges.values()) {
        const s = serviceOf.get(e.source), t = serviceOf.get(e.target);
        if (s === undefined || t === undefined || s === t) continue;
        const key = s + "\t" + t;
        pairs.set(key, { source: s, target: t, service: t, weight: (pairs.get(key)?.weight || 0) + 1 });
      }
      links = [...pairs.values()];
    } else {
      const ids = new Set(visible.map(n => n.id));
      list = visible.map(n => ({ ...n, count: 1 }));
      links = [...edges.values()].filter(e => ids.has(e.source) && ids.has(e.target))
        .map(e => ({ source: e.source, target: e.target, service: nodes.get(e.target).service, weight: 1 }));
    }
    for (const n of list) {
      const before = old.get(n.id);
      if (before) { n.x = before.x; n.y = before.y; n.vx = before.vx; n.vy = before.vy; }
    }
    shown = { nodes: list, links };
    simulation.nodes(list);
    simulation.force("link").links(links);
    // Large graphs settle faster so the tab stays responsive.
    simulation.alphaDecay(list.length > 3000 ? 0.08 : 0.0228);
    simulation.alpha(Math.max(simulation.alpha(), 0.3)).restart();
    $("count").textContent = `${nodes.size} nodes, ${edges.size} edges` + ($("aggregate").checked ? ` (${list.length} services shown)` : "");
    $("count").dataset.nodes = nodes.size; $("count").dataset.edges = edges.size;
    draw();
  }

  function radius(n) { return n.count > 1 ? 4 + 2 * Math.sqrt(n.count) : 3 + 1.5 * Math.sqrt(n.degree); }

  function resize() {
    const ratio = window.devicePixelRatio || 1, rect = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, rect.width * ratio); canvas.height = Math.max(1, rect.height * ratio);
    draw();
  }

  function draw() {
    const ratio = window.devicePixelRatio || 1, w = canvas.width / ratio, h = canvas.height / ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.translate(w / 2 + transform.x, h / 2 + transform.y);
    ctx.scale(transform.k, transform.k);
    const busiest = Math.max(1, ...traffic.values());
    drawnEdges = 0;
    for (const l of shown.links) {
      if (l.source.x === undefined) continue;
      const rate = traffic.get(l.service) || 0;
      ctx.strokeStyle = rate > 0 ? "rgba(214,39,40,0.55)" : "rgba(120,120,120,0.35)";
      ctx.lineWidth = (0.6 + Math.log1p(l.weight) + 4 * rate / busiest) / transform.k;
      ctx.beginPath(); ctx.moveTo(l.source.x, l.source.y); ctx.lineTo(l.target.x, l.target.y); ctx.stroke();
      drawnEdges++;
    }
    drawnNodes = 0;
    for (const n of shown.nodes) {
      if (n.x === undefined) continue;
      ctx.globalAlpha = n.done ? 0.2 : 1;   // done nodes fade
      ctx.fillStyle = color(n.service);
      ctx.beginPath(); ctx.arc(n.x, n.y, radius(n), 0, 2 * Math.PI); ctx.fill();
      drawnNodes++;
    }
    ctx.globalAlpha = 1;
  }

  function nodeAt(event) {
    const rect = canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left - rect.width / 2 - transform.x) / transform.k;
    const y = (event.clientY - rect.top - rect.height / 2 - transform.y) / transform.k;
    const n = simulation.find(x, y, 20 / transform.k);
    return n && Math.hypot(n.x - x, n.y - y) <= radius(n) + 3 / transform.k ? n : null;
  }

  canvas.addEventListener("mousemove", event => {
    const n = nodeAt(event);
    if (!n) { tooltip.hidden = true; return; }
    tooltip.hidden = false;
    tooltip.textContent = n.count > 1
      ? `${n.service}: ${n.count} nanoservices (${n.package})`
      : `${n.id}  package ${n.package}, ${n.degree} edges${n.done ? `, done (${n.exit || "exit"})` : ""}`;
    const rect = canvas.getBoundingClientRect();
    tooltip.style.left = (event.clientX - rect.left + 12) + "px";
    tooltip.style.top = (event.clientY - rect.top + 12) + "px";
  });
  canvas.addEventListener("mouseleave", () => { tooltip.hidden = true; });
  d3.select(canvas).call(d3.zoom().scaleExtent([0.02, 10]).on("zoom", e => { transform = e.transform; draw(); }));
  window.addEventListener("resize", resize);

  $("charge").addEventListener("input", e => {
    $("chargeValue").textContent = e.target.value;
    simulation.force("charge").strength(+e.target.value);
    simulation.alpha(0.5).restart();
  });
  for (const id of ["service", "package", "zone"]) $(id).addEventListener("change", rebuild);
  $("aggregate").addEventListener("change", () => { aggregateTouched = true; rebuild(); });

  // Live: the run's Edda entries arrive as Server-Sent Events; traffic comes from the silo's message counters.
  function watch(run) {
    if (stream) stream.close();
    clearInterval(trafficTimer);
    files = []; showStep();
    if (!run) return;
    arch = run.arch;
    reset(`live: ${run.arch} (${run.key})`);
    stream = new EventSource(`api/runs/${encodeURIComponent(run.key)}/events`);
    stream.onmessage = m => addEntries(JSON.parse(m.data));
    stream.onerror = () => { $("source").textContent = `${run.arch}: stream ended (the run or its silo stopped)`; stream.close(); };
    trafficTimer = setInterval(pollTraffic, 1000);
  }

  async function pollTraffic() {
    if (!arch) return;
    try {
      const response = await fetch(`api/traffic/${encodeURIComponent(arch)}`);
      if (!response.ok) return;
      const now = performance.now(), counts = new Map((await response.json()).map(s => [s.service, s.requests]));
      if (lastCounts) {
        const seconds = (now - lastCounts.at) / 1000;
        for (const [service, n] of counts) traffic.set(service, Math.max(0, n - (lastCounts.counts.get(service) || 0)) / seconds);
      }
      lastCounts = { at: now, counts };
      draw();
    } catch { /* the run ended; the picture stays */ }
  }

  async function loadRuns() {
    try {
      const response = await fetch("api/runs");
      if (!response.ok) return [];
      const runs = await response.json();
      const select = $("runs");
      select.length = 1;
      for (const r of runs) select.add(new Option(`${r.arch} ${new Date(r.started).toLocaleTimeString()}`, r.key));
      return runs;
    } catch { return []; }
  }
  $("runs").addEventListener("change", async () => {
    const runs = await loadRuns();
    const key = $("runs").value;
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
    if (stream) stream.close();
    clearInterval(trafficTimer);
    $("runs").value = "";
    files = loaded; fileIndex = 0; showFile();
  });
  $("prev").addEventListener("click", () => { if (fileIndex > 0) { fileIndex--; showFile(); } });
  $("next").addEventListener("click", () => { if (fileIndex < files.length - 1) { fileIndex++; showFile(); } });

  function showFile() {
    const { name, json } = files[fileIndex];
    arch = json.arch || "";
    reset(`${name}: ${json.arch || "?"} ${json.args || ""}`);
    addEntries(json.graph);
    showStep();
  }

  function showStep() {
    $("prev").disabled = files.length < 2 || fileIndex === 0;
    $("next").disabled = files.length < 2 || fileIndex === files.length - 1;
    $("step").textContent = files.length > 1 ? `${fileIndex + 1}/${files.length}` : "";
  }

  // For tests and curious users: what the page holds and what it drew last.
  window.spigo = {
    nodes: () => nodes.size, edges: () => edges.size, drawnNodes: () => drawnNodes, drawnEdges: () => drawnEdges,
    shown: () => shown.nodes.length, done: () => [...nodes.values()].filter(n => n.done).length,
    source: () => $("source").textContent,
  };

  resize();
  (async () => {
    const runs = await loadRuns();
    const wanted = new URLSearchParams(location.search).get("run");
    const run = wanted ? runs.find(r => r.key === wanted) : runs[0];
    // Unless the user opened files while the list was loading, follow the run asked for, or the newest.
    if (run && files.length === 0) { $("runs").value = run.key; watch(run); }
  })();
})();
