// The status page: plain DOM, no build step, no external library. Data from the JSON API under /api.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const REFRESH_MS = 60000;
  const PAGE_SIZE = 50;
  const TEXT_DELAY_MS = 250;
  const state = {
    relays: [],
    total: 0,
    page: 1,
    sortKey: "url",
    sortDir: 1,
    text: "",
    textTimer: null,
    selected: null,
    loadSeq: 0,
  };

  const $ = (selector) => document.querySelector(selector);

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
      throw new Error(`${path}: ${response.status} ${message}`);
    }
    return response.json();
  }

  const ms = (value) => (value === null || value === undefined ? "–" : String(value));
  const pct = (value) => (value === null || value === undefined ? "–" : `${(value * 100).toFixed(value === 1 ? 0 : 1)}%`);

  function ago(iso) {
    if (!iso) return "never";
    const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (seconds < 90) return `${Math.round(seconds)} s ago`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 129600) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} d ago`;
  }

  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");

  function duration(seconds) {
    if (seconds < 120) return `${Math.round(seconds)} s`;
    if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(1)} h`;
  }

  // ---- header ----

  async function loadMonitor() {
    const monitor = await getJson("/api/monitor");
    $("#monitor-name").textContent = monitor.name || "NIP-66 relay monitor";
    // Null on a web process beside no signing role until the monitor's first event is stored.
    $("#monitor-npub").textContent = monitor.npub || "not known yet (no event signed)";
    $("#monitor-frequency").textContent = `every ${duration(monitor.frequencySeconds)}` + (monitor.schedule ? ` (${monitor.schedule})` : "");
    $("#monitor-checks").textContent = monitor.checks.join(", ");
    const list = $("#publish-relays");
    list.replaceChildren();
    if (monitor.publishRelays.length === 0) {
      list.append(el("li", { className: "empty", text: "none configured" }));
    }
    for (const relay of monitor.publishRelays) {
      // Attempts of the last day: a retry that later succeeded is not a problem, a delivery refused or given up is.
      const total = relay.accepted + relay.refused + relay.refusedTemporarily + relay.failed;
      const troubled = relay.refused + relay.givenUp + relay.pending;
      const health = total === 0 ? "" : relay.accepted === 0 ? "bad" : troubled > 0 ? "warn" : "good";
      list.append(el("li", { "data-url": relay.url }, [
        el("span", { className: `dot ${health}` }),
        el("code", { text: relay.url }),
        el("span", {
          className: "counts",
          text: `${relay.accepted} accepted, ${relay.refused} refused, ${relay.refusedTemporarily + relay.failed} retried or failed`
            + (relay.pending ? `, ${relay.pending} waiting for a retry` : "")
            + (relay.givenUp ? `, ${relay.givenUp} given up` : "")
            + (relay.lastAt ? `, last ${ago(relay.lastAt)}` : ""),
          title: relay.lastFailure ? `last failure: ${relay.lastFailure.outcome} ${relay.lastFailure.message ?? ""}` : null,
        }),
      ]));
    }
  }

  // ---- relay table ----

  // Filtering, sorting and paging happen in the API (in SQL); the page shows one page of relays at a time.
  async function loadRelays() {
    const seq = ++state.loadSeq;
    const params = new URLSearchParams({
      page: String(state.page),
      pageSize: String(PAGE_SIZE),
      sort: state.sortKey,
      dir: state.sortDir > 0 ? "asc" : "desc",
    });
    const status = $("#status-filter").value;
    const network = $("#network-filter").value;
    const origin = $("#origin-filter").value;
    const text = state.text.trim();
    if (status) params.set("status", status);
    if (network) params.set("network", network);
    if (origin) params.set("origin", origin);
    if (text) params.set("q", text);
    $("#load-state").textContent = "loading…";
    const result = await getJson(`/api/relays?${params}`);
    if (seq !== state.loadSeq) return; // a newer load started meanwhile
    state.relays = result.items;
    state.total = result.total;
    $("#load-state").textContent = "";
    renderRelays();
  }

  function reload() {
    state.page = 1;
    return loadRelays().catch(report);
  }

  function renderRelays() {
    const rows = state.relays;
    const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    $("#relay-count").textContent = `(${state.total})`;
    $("#page-state").textContent = `page ${state.page} of ${pages}`;
    $("#page-prev").disabled = state.page <= 1;
    $("#page-next").disabled = state.page >= pages;
    for (const th of document.querySelectorAll("#relay-table th[data-sort]")) {
      if (th.dataset.sort === state.sortKey) th.setAttribute("aria-sort", state.sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    const body = $("#relay-table tbody");
    body.replaceChildren(...rows.map((r) => {
      const tr = el("tr", {
        "data-url": r.url,
        "data-status": r.status || "unknown",
        "data-network": r.network,
        "data-origin": r.origin,
        className: [r.url === state.selected ? "selected" : "", r.enabled ? "" : "disabled", r.origin === "discovered" ? "discovered" : ""].join(" ").trim() || null,
      }, [
        el("td", { className: "mono", text: r.url }),
        el("td", {}, [el("span", { className: `badge ${r.status || "unknown"}`, text: r.status || "unknown" })]),
        el("td", { className: "num", "data-col": "rtt-open", text: ms(r.rtt.open) }),
        el("td", { className: "num", "data-col": "rtt-read", text: ms(r.rtt.read) }),
        el("td", { className: "num", "data-col": "rtt-write", text: ms(r.rtt.write) }),
        el("td", { className: "num", text: pct(r.uptime.h24) }),
        el("td", { className: "num", text: pct(r.uptime.d7) }),
        el("td", { className: "num", text: pct(r.uptime.d30) }),
        el("td", { title: when(r.lastOnlineAt), text: ago(r.lastOnlineAt) }),
        el("td", { text: r.failureClass || "" }),
      ]);
      tr.addEventListener("click", () => showDetail(r.url));
      return tr;
    }));
  }

  // ---- relay detail ----

  async function showDetail(url) {
    state.selected = url;
    for (const tr of document.querySelectorAll("#relay-table tbody tr")) tr.classList.toggle("selected", tr.dataset.url === url);
    const relay = await getJson(`/api/relays/${encodeURIComponent(url)}`);
    if (state.selected !== url) return;
    const nip11 = relay.nip11 || {};
    const panel = $("#relay-detail");
    panel.dataset.url = relay.url;
    $("#detail-title").textContent = typeof nip11.name === "string" && nip11.name ? nip11.name : relay.url;
    $("#detail-url").textContent = relay.url;
    $("#detail-description").textContent = typeof nip11.description === "string" ? nip11.description : (relay.nip11 ? "" : "No NIP-11 document.");
    $("#detail-software").textContent = [nip11.software, nip11.version].filter((v) => typeof v === "string" && v).join(" ") || "–";
    $("#detail-status").replaceChildren(el("span", { className: `badge ${relay.status || "unknown"}`, text: relay.status || "unknown" }));
    $("#detail-percentiles").textContent =
      `open ${ms(relay.rttP50.open)} / ${ms(relay.rttP95.open)}, read ${ms(relay.rttP50.read)} / ${ms(relay.rttP95.read)}, write ${ms(relay.rttP50.write)} / ${ms(relay.rttP95.write)} ms`;
    $("#detail-origin").textContent = originText(relay);
    $("#detail-checks").textContent = String(relay.history.length);
    $("#detail-chart").replaceChildren(rttChart(relay.history));
    $("#detail-uptime").replaceChildren(uptimeBar(relay.history));
    panel.hidden = false;
  }

  // Who added the relay; for a discovered one, where the network first mentioned it and how widely.
  function originText(relay) {
    const p = relay.provenance;
    const found = p
      ? `first seen ${when(p.firstSeenAt)} in a kind ${p.firstSourceKind} event (${p.firstEventId.slice(0, 12)}…) by ${p.firstAuthor.slice(0, 12)}…, mentioned by ${p.authors} author${p.authors === 1 ? "" : "s"}`
      : "";
    const retired = relay.retired ? `; retired ${when(relay.retired.at)} (${relay.retired.reason || "no reason"})` : "";
    return relay.origin === "discovered" ? `discovered: ${found || "no record of where"}${retired}` : `added by the operator${found ? `; also ${found}` : ""}${retired}`;
  }

  const CHART = { width: 720, height: 180, left: 56, right: 10, top: 10, bottom: 22 };

  function timeScale(history, width, left) {
    const first = Date.parse(history[0].at);
    const last = Date.parse(history[history.length - 1].at);
    const span = Math.max(1, last - first);
    return history.length === 1 ? () => left + width / 2 : (iso) => left + ((Date.parse(iso) - first) / span) * width;
  }

  function rttChart(history) {
    const { width, height, left, right, top, bottom } = CHART;
    const plotW = width - left - right;
    const plotH = height - top - bottom;
    const chart = svg("svg", { class: "rtt-chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "round-trip times" });
    const values = history.flatMap((p) => [p.rtt.open, p.rtt.read, p.rtt.write]).filter((v) => v !== null && v !== undefined);
    const max = Math.max(10, ...values) * 1.1;
    const y = (v) => top + plotH - (v / max) * plotH;
    chart.append(svg("line", { class: "axis", x1: left, y1: top + plotH, x2: width - right, y2: top + plotH }));
    chart.append(svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: top + plotH }));
    for (const tick of [0, max / 2, max]) {
      const label = svg("text", { x: left - 4, y: y(tick) + 3, "text-anchor": "end" });
      label.textContent = `${Math.round(tick)} ms`;
      chart.append(label);
    }
    if (history.length === 0) {
      const label = svg("text", { x: left + plotW / 2, y: top + plotH / 2, "text-anchor": "middle" });
      label.textContent = "no checks in the last 7 days";
      chart.append(label);
      return chart;
    }
    const x = timeScale(history, plotW, left);
    for (const [key, name] of [["open", "rtt-open"], ["read", "rtt-read"], ["write", "rtt-write"]]) {
      // A gap in the measurements (offline, check skipped) starts a new segment.
      let d = "";
      let pen = "M";
      const points = [];
      for (const point of history) {
        const v = point.rtt[key];
        if (v === null || v === undefined) { pen = "M"; continue; }
        const px = x(point.at).toFixed(1);
        const py = y(v).toFixed(1);
        d += `${pen}${px},${py} `;
        points.push([px, py]);
        pen = "L";
      }
      if (!d) continue;
      chart.append(svg("path", { class: `line ${name}`, d: d.trim(), "data-points": points.length }));
      // Lone points would be invisible as a path: mark every point.
      for (const [px, py] of points) chart.append(svg("circle", { class: name, cx: px, cy: py, r: 2, fill: `var(--${key})` }));
    }
    const start = svg("text", { x: left, y: height - 6 });
    start.textContent = when(history[0].at);
    const end = svg("text", { x: width - right, y: height - 6, "text-anchor": "end" });
    end.textContent = when(history[history.length - 1].at);
    chart.append(start, end);
    const wrap = el("div", {}, [chart, el("div", { className: "legend" }, [
      el("span", { className: "open", text: "open" }), el("span", { className: "read", text: "read" }), el("span", { className: "write", text: "write" }),
    ])]);
    return wrap;
  }

  function uptimeBar(history) {
    const { width, left, right } = CHART;
    const height = 22;
    const bar = svg("svg", { class: "uptime-bar", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "status per check" });
    const plotW = width - left - right;
    const n = history.length;
    if (n === 0) return bar;
    const step = plotW / n;
    history.forEach((point, i) => {
      const rect = svg("rect", { class: point.status, x: (left + i * step).toFixed(2), y: 2, width: Math.max(1, step - (step > 3 ? 1 : 0)).toFixed(2), height: height - 4 });
      const title = svg("title", {});
      title.textContent = `${when(point.at)}: ${point.status}${point.failureClass ? ` (${point.failureClass})` : ""}`;
      rect.append(title);
      bar.append(rect);
    });
    return bar;
  }

  // ---- cycles ----

  async function loadCycles() {
    const cycles = await getJson("/api/cycles?limit=50");
    $("#cycle-table tbody").replaceChildren(...cycles.map((c) => el("tr", { "data-id": c.id, "data-on-time": String(c.onTime) }, [
      el("td", { title: c.id, text: when(c.startedAt) }),
      el("td", { className: "num", text: c.durationSeconds === null ? "running" : c.durationSeconds.toFixed(1) }),
      el("td", { className: "num", text: String(c.expected) }),
      el("td", { className: "num", text: String(c.checked) }),
      el("td", { className: "num", text: String(c.online) }),
      el("td", { className: "num", text: String(c.degraded) }),
      el("td", { className: "num", text: String(c.offline) }),
      el("td", { text: c.completedAt === null ? "–" : c.onTime ? "yes" : c.timedOut ? "timed out" : "late" }),
    ])));
  }

  // ---- wiring ----

  function report(error) {
    $("#load-state").textContent = `error: ${error.message}`;
  }

  function refresh() {
    return Promise.all([loadMonitor(), loadRelays(), loadCycles()]).catch(report);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const th of document.querySelectorAll("#relay-table th[data-sort]")) {
      th.addEventListener("click", () => {
        if (state.sortKey === th.dataset.sort) state.sortDir = -state.sortDir;
        else { state.sortKey = th.dataset.sort; state.sortDir = 1; }
        reload();
      });
    }
    $("#filter-text").addEventListener("input", (e) => {
      state.text = e.target.value;
      clearTimeout(state.textTimer);
      state.textTimer = setTimeout(reload, TEXT_DELAY_MS);
    });
    $("#status-filter").addEventListener("change", reload);
    $("#network-filter").addEventListener("change", reload);
    $("#origin-filter").addEventListener("change", reload);
    $("#page-prev").addEventListener("click", () => { state.page -= 1; loadRelays().catch(report); });
    $("#page-next").addEventListener("click", () => { state.page += 1; loadRelays().catch(report); });
    $("#detail-close").addEventListener("click", () => { state.selected = null; $("#relay-detail").hidden = true; renderRelays(); });
    refresh().then(() => document.body.setAttribute("data-loaded", "true"));
    setInterval(refresh, REFRESH_MS);
  });
})();
