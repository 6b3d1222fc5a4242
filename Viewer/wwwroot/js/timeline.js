// Time: a slider over the entries' timestamps, play/pause at a chosen speed, and Live to follow a run again.
// Replaying moves the graph's cursor; the graph is rebuilt from the entries whose timestamp is at or before it.

export class Timeline {
  /** controls: {play, slider, label, speed, live}; graph: the Graph; changed(): the graph was rebuilt. */
  constructor(controls, graph, changed) {
    Object.assign(this, controls);
    this.graph = graph;
    this.changed = changed;
    this.playing = false;
    this.liveSource = false;
    this.last = 0;
    this.play.addEventListener("click", () => this.toggle());
    this.live.addEventListener("click", () => this.goLive());
    this.slider.addEventListener("input", () => this.seek(this.graph.start + Number(this.slider.value), true));
    this.update();
  }

  /** A new source: a live run (follows new entries until paused) or files (shown to the end). */
  source(live) {
    this.liveSource = live;
    this.playing = false;
    this.update();
  }

  seek(t, byUser = false) {
    if (byUser) this.playing = false;
    const end = this.graph.end;
    // At the end of a live run the cursor is lifted, so new entries show as they arrive.
    this.graph.seek(this.liveSource && !this.playing && byUser && t >= end ? null : t);
    this.changed();
    this.update();
  }

  goLive() {
    this.playing = false;
    this.graph.seek(null);
    this.changed();
    this.update();
  }

  toggle() {
    const g = this.graph;
    if (this.playing) {
      this.playing = false;
    } else if (this.liveSource && g.cursor === null) {
      // Pausing a live run: the picture stays at this moment while new entries are kept for later.
      g.seek(g.end);
      this.changed();
    } else {
      if (g.cursor === null || g.cursor >= g.end) {
        g.seek(g.start);
        this.changed();
      }
      this.playing = true;
      this.last = performance.now();
    }
    this.update();
  }

  /** Called every animation frame: advances the cursor while playing; true when it moved. */
  tick(now) {
    if (!this.playing) return false;
    const g = this.graph, dt = (now - this.last) * Number(this.speed.value);
    if (dt < 30) return false;   // a rebuild at most every 30 ms of run time keeps big replays smooth
    this.last = now;
    const next = g.cursor + dt;
    if (next >= g.end) {
      this.playing = false;
      g.seek(this.liveSource ? null : g.end);
    } else g.seek(next);
    this.changed();
    this.update();
    return true;
  }

  update() {
    const g = this.graph, start = g.start, end = g.end, known = Number.isFinite(start) && Number.isFinite(end);
    this.slider.disabled = !known;
    this.slider.max = known ? String(Math.max(0, end - start)) : "0";
    const at = g.cursor === null ? end : g.cursor;
    if (known) this.slider.value = String(at - start);
    const seconds = t => ((t - start) / 1000).toFixed(3);
    const live = g.cursor === null && this.liveSource ? " (live)" : "";
    this.label.textContent = known ? `${seconds(at)} s of ${seconds(end)} s${live}` : "";
    this.play.textContent = this.playing ? "❚❚ Pause" : this.liveSource && g.cursor === null ? "❚❚ Pause" : "▶ Play";
    this.live.disabled = !this.liveSource || (g.cursor === null && !this.playing);
  }
}
