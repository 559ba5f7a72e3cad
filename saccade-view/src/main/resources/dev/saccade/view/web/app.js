'use strict';
// The Saccade viewer's page: an episode browser with a scrubbable 360° frame, overlays (annotations,
// gaze traces, the demonstrated hand path), the foveated pyramid per gaze regime, synchronised
// plots, and live training metrics. Everything heavy (decoding, rendering) happens on the server.

const $ = id => document.getElementById(id);
const REGIME_COLORS = ['#ff9f1c', '#2ec4b6', '#e71d36', '#b388ff', '#9ef01a', '#ffd166'];
const ANNOTATION_COLORS = { object: '#ff5050', target: '#4f8cff', gripper: '#ffe14d' };
const JOINT_COLORS = ['#58a6ff', '#f78166', '#3fb950', '#d2a8ff', '#e3b341', '#56d4dd'];

const state = {
  target: null,      // /api/target
  episode: -1,       // the episode shown
  data: null,        // /api/episode of it
  frame: 0,          // the frame asked for (the scrubber's position)
  shown: -1,         // the frame on the canvas
  playing: false,
  manualGaze: { yaw: 0, pitch: 0 },
};

// ---------------------------------------------------------------- errors and status

function showError(message) {
  const div = document.createElement('div');
  div.className = 'error';
  const close = document.createElement('button');
  close.textContent = '×';
  close.title = 'dismiss';
  close.onclick = () => div.remove();
  div.append(close, document.createTextNode(message));
  $('errors').append(div);
  while ($('errors').children.length > 5) $('errors').firstChild.remove();
}

function status(text) { $('status').textContent = text; }

window.addEventListener('error', e => showError('page error: ' + e.message));
window.addEventListener('unhandledrejection', e => showError(String(e.reason && e.reason.message || e.reason)));

async function api(path) {
  const r = await fetch(path);
  if (!r.ok) {
    let message = r.status + ' ' + r.statusText;
    try { message = (await r.json()).error || message; } catch (ignored) { /* not JSON */ }
    throw new Error(message);
  }
  return r;
}

// ---------------------------------------------------------------- start

async function init() {
  try {
    state.target = await (await api('/api/target')).json();
  } catch (e) {
    status('cannot reach the viewer');
    showError(e.message);
    return;
  }
  const t = state.target;
  const parts = [];
  if (t.dataset) parts.push('dataset ' + t.dataset.root);
  t.rollouts.forEach(r => parts.push('rollout ' + r.label));
  t.runs.forEach(r => parts.push('run ' + r.name));
  t.evaluations.forEach(e => parts.push('evaluation ' + e.name));
  t.live_runs.forEach(r => parts.push('closed-loop run ' + r.name));
  $('what').textContent = parts.join(' · ');
  $('what').title = parts.join('\n');
  if (t.live_runs.length) initLiveRuns();
  if (t.runs.length) initRuns();
  if (t.evaluations.length) initEvaluations();
  if (t.dataset) {
    initDataset();
    const params = new URLSearchParams(location.search);
    const episode = clampInt(parseInt(params.get('episode') || '0', 10), 0, t.dataset.episodes.length - 1);
    const seconds = parseFloat(params.get('t') || '0');
    await loadEpisode(episode, Math.round((isFinite(seconds) ? seconds : 0) * t.dataset.fps));
  } else {
    status('ready');
  }
}

function clampInt(v, lo, hi) { return Math.max(lo, Math.min(hi, isFinite(v) ? v : lo)); }

// ---------------------------------------------------------------- dataset browser

function initDataset() {
  const ds = state.target.dataset;
  $('sidebar').hidden = false;
  $('player').hidden = false;
  $('frame').width = ds.width;
  $('frame').height = ds.height;
  const list = $('episodes');
  for (const e of ds.episodes) {
    const li = document.createElement('li');
    li.dataset.episode = e.index;
    const fovea = state.target.rollouts.map((r, i) => {
      const ep = r.episodes[e.index];
      return ep && ep.fovea_share !== null ? `<span style="color:${REGIME_COLORS[i % REGIME_COLORS.length]}">${Math.round(100 * ep.fovea_share)} %</span>` : '';
    }).filter(s => s).join(' ');
    li.innerHTML = `<span>${e.index}</span><span class="task" title="${escapeHtml(e.task)}">${escapeHtml(e.task)}</span>`
      + `<span class="meta">${e.length} frames · ${e.seconds.toFixed(1)} s${fovea ? ' · in fovea ' + fovea : ''}</span>`;
    li.onclick = () => loadEpisode(e.index, 0);
    list.append(li);
  }
  loadEpisodeStats();
  $('scrub').addEventListener('input', () => { stop(); seek(parseInt($('scrub').value, 10)); });
  $('play').onclick = togglePlay;
  $('prev').onclick = () => { stop(); seek(state.frame - 1); };
  $('next').onclick = () => { stop(); seek(state.frame + 1); };
  for (const id of ['show-annotations', 'show-gaze', 'show-hand', 'show-chunk']) $(id).onchange = () => { drawOverlay(); };
  $('overlay').addEventListener('click', ev => {
    const r = $('overlay').getBoundingClientRect();
    const x = (ev.clientX - r.left) / r.width, y = (ev.clientY - r.top) / r.height;
    state.manualGaze = { yaw: x * 360 - 180, pitch: Math.max(-90, Math.min(90, 90 - y * 180)) };
    updatePyramids();
    drawOverlay();
  });
  document.addEventListener('keydown', onKey, true);
}

/** Fills each episode's second line in the list once the server has read them all. */
async function loadEpisodeStats() {
  let all;
  try {
    all = await (await api('/api/stats')).json();
  } catch (err) {
    showError(err.message);
    return;
  }
  all.forEach((s, i) => {
    const li = $('episodes').children[i];
    const line = document.createElement('span');
    line.className = 'meta stats';
    line.textContent = `gripper ${s.gripper_closes}× · tool0 ${s.tool0_travel_m.toFixed(2)} m`;
    li.append(line);
  });
  $('episodes').dataset.stats = String(all.length);
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function onKey(ev) {
  if (!state.data || ev.target.tagName === 'INPUT' && ev.target.type !== 'range' && ev.target.type !== 'checkbox') return;
  if (ev.key === ' ') { ev.preventDefault(); togglePlay(); }
  else if (ev.key === 'ArrowRight') { ev.preventDefault(); stop(); seek(state.frame + (ev.shiftKey ? 10 : 1)); }
  else if (ev.key === 'ArrowLeft') { ev.preventDefault(); stop(); seek(state.frame - (ev.shiftKey ? 10 : 1)); }
  else if (ev.key === 'Home') { ev.preventDefault(); stop(); seek(0); }
  else if (ev.key === 'End') { ev.preventDefault(); stop(); seek(state.data.length - 1); }
}

async function loadEpisode(e, frame) {
  stop();
  status('loading episode ' + e + '…');
  let data;
  try {
    data = await (await api('/api/episode?episode=' + e)).json();
  } catch (err) {
    status('episode ' + e + ' could not be read');
    showError(err.message);
    return;
  }
  state.episode = e;
  state.data = data;
  state.shown = -1;
  for (const li of $('episodes').children) li.classList.toggle('current', parseInt(li.dataset.episode, 10) === e);
  $('episode-title').textContent = `Episode ${e}: ${data.task}`;
  const s = data.stats;
  $('stats').textContent = `${data.length} frames (${s.seconds.toFixed(2)} s) · gripper closes ${s.gripper_closes}× · `
    + `tool0 travels ${s.tool0_travel_m.toFixed(2)} m · joint ranges ${s.joint_range_deg.map(v => v.toFixed(0) + '°').join(' ')}`;
  $('scrub').max = data.length - 1;
  buildEyes();
  $('hand-plots').hidden = data.gaze.length === 0;
  seek(frame, true);
  status('ready');
}

function seek(frame, force) {
  if (!state.data) return;
  const f = clampInt(frame, 0, state.data.length - 1);
  if (f === state.frame && !force && state.shown === f) return;
  state.frame = f;
  $('scrub').value = f;
  $('time').textContent = `${(f / state.data.fps).toFixed(3)} s · frame ${f}`;
  updateUrl();
  requestFrame();
  drawOverlay();
  drawPlots();
  updatePyramids();
}

let urlTimer = null;
function updateUrl(now) {
  // Browsers throttle rapid history updates: write the URL at most every 300 ms while playing.
  const write = () => {
    urlTimer = null;
    const params = new URLSearchParams(location.search);
    params.set('episode', state.episode);
    params.set('t', (state.frame / state.data.fps).toFixed(3));
    history.replaceState(null, '', '?' + params.toString());
  };
  if (now || !state.playing) { if (urlTimer) clearTimeout(urlTimer); write(); }
  else if (!urlTimer) urlTimer = setTimeout(write, 300);
}

// Frames load one at a time; while one is in flight only the newest request waits (scrubbing
// skips frames rather than queueing them).
const frameLoader = { busy: false, pending: null };
function requestFrame() {
  const want = { episode: state.episode, frame: state.frame };
  if (frameLoader.busy) { frameLoader.pending = want; return; }
  loadFrame(want);
}

async function loadFrame(want) {
  frameLoader.busy = true;
  const spinner = setTimeout(() => { $('frame-loading').hidden = false; }, 150);
  try {
    const blob = await (await api(`/api/frame?episode=${want.episode}&frame=${want.frame}`)).blob();
    const bitmap = await createImageBitmap(blob);
    if (want.episode === state.episode) {
      const c = $('frame');
      c.getContext('2d').drawImage(bitmap, 0, 0, c.width, c.height);
      c.dataset.episode = want.episode;
      c.dataset.frame = want.frame;
      state.shown = want.frame;
    }
    bitmap.close();
  } catch (err) {
    showError(err.message);
    stop();
  } finally {
    clearTimeout(spinner);
    $('frame-loading').hidden = true;
    frameLoader.busy = false;
    const next = frameLoader.pending;
    frameLoader.pending = null;
    if (next && (next.episode !== state.episode || next.frame !== state.shown)) loadFrame(next);
  }
}

// ---------------------------------------------------------------- play / pause

let playClock = null;
function togglePlay() { if (state.playing) stop(); else play(); }
function play() {
  if (!state.data) return;
  if (state.frame >= state.data.length - 1) seek(0);
  state.playing = true;
  $('play').textContent = '❚❚';
  playClock = { start: performance.now(), frame: state.frame };
  requestAnimationFrame(tick);
}
function stop() {
  if (!state.playing) return;
  state.playing = false;
  $('play').textContent = '▶';
  updateUrl(true);
}
function tick(now) {
  if (!state.playing) return;
  const f = playClock.frame + Math.floor((now - playClock.start) / 1000 * state.data.fps);
  if (f >= state.data.length - 1) { seek(state.data.length - 1); stop(); return; }
  if (!frameLoader.busy && f !== state.frame) seek(f);
  requestAnimationFrame(tick);
}

// ---------------------------------------------------------------- the eye

/** The gaze of rollout `g` at frame `f`: its last step at or before f, or null outside the rollout. */
function gazeAt(g, f) {
  let k = -1;
  for (let i = 0; i < g.frame.length; i++) { if (g.frame[i] <= f) k = i; }
  if (k < 0 || f > g.frame[g.frame.length - 1] + 2) return null;
  return { yaw: g.yaw[k], pitch: g.pitch[k], step: g.step[k], k };
}

function buildEyes() {
  const eyes = $('eyes');
  eyes.innerHTML = '';
  const figures = [{ key: 'manual', label: 'your gaze (click the panorama)', color: '#ffffff' }];
  state.data.gaze.forEach(g => figures.push({ key: 'regime-' + g.regime, label: g.label, color: REGIME_COLORS[g.regime % REGIME_COLORS.length], g }));
  for (const fig of figures) {
    const figure = document.createElement('figure');
    const img = document.createElement('img');
    img.className = 'pyramid';
    img.dataset.key = fig.key;
    img.alt = 'foveated pyramid: ' + fig.label;
    img.style.borderColor = fig.color;
    const cap = document.createElement('figcaption');
    figure.append(img, cap);
    eyes.append(figure);
    fig.img = img;
    fig.caption = cap;
    fig.loader = { busy: false, pending: null };
  }
  state.eyes = figures;
  $('eyes-title').hidden = false;
}

function updatePyramids() {
  if (!state.eyes) return;
  for (const fig of state.eyes) {
    const gaze = fig.g ? gazeAt(fig.g, state.frame) : state.manualGaze;
    if (!gaze) {
      fig.caption.textContent = fig.label + ': no gaze at this frame';
      fig.img.style.opacity = 0.3;
      continue;
    }
    fig.img.style.opacity = 1;
    fig.caption.textContent = `${fig.label}: yaw ${gaze.yaw.toFixed(1)}°, pitch ${gaze.pitch.toFixed(1)}°`
      + (fig.g && gaze.step !== undefined ? ` (step ${gaze.step})` : '')
      + (fig.g && fig.g.predictions && fig.g.chunk_age[gaze.k] !== null ? ` · chunk age ${fig.g.chunk_age[gaze.k]}` : '');
    const url = `/api/pyramid?episode=${state.episode}&frame=${state.frame}&yaw=${gaze.yaw.toFixed(3)}&pitch=${gaze.pitch.toFixed(3)}`;
    loadPyramid(fig, url);
  }
}

async function loadPyramid(fig, url) {
  if (fig.loader.busy) { fig.loader.pending = url; return; }
  fig.loader.busy = true;
  try {
    const blob = await (await api(url)).blob();
    const old = fig.img.src;
    fig.img.src = URL.createObjectURL(blob);
    fig.img.dataset.url = url;
    if (old.startsWith('blob:')) URL.revokeObjectURL(old);
  } catch (err) {
    showError(err.message);
  } finally {
    fig.loader.busy = false;
    const next = fig.loader.pending;
    fig.loader.pending = null;
    if (next && next !== fig.img.dataset.url) loadPyramid(fig, next);
  }
}

// ---------------------------------------------------------------- overlays on the panorama

function drawOverlay() {
  const c = $('overlay'), d = state.data;
  // The overlay has the resolution of the screen, not of the frame, so lines and labels stay sharp.
  const k = window.devicePixelRatio || 1;
  const width = Math.max(2, Math.round(($('frame').clientWidth || $('frame').width) * k));
  if (c.width !== width) { c.width = width; c.height = width / 2; }
  const ctx = c.getContext('2d');
  ctx.clearRect(0, 0, c.width, c.height);
  if (!d) return;
  const W = c.width, H = c.height, f = state.frame;
  const X = yaw => ((yaw + 180) / 360 - Math.floor((yaw + 180) / 360)) * W;
  const Y = pitch => (90 - pitch) / 180 * H;
  const lw = k;
  ctx.lineWidth = lw;
  ctx.font = `${12 * k}px system-ui, sans-serif`;
  const polyline = (pts, color, width) => {
    ctx.strokeStyle = color; ctx.lineWidth = width; ctx.beginPath();
    let prev = null;
    for (const p of pts) {
      const x = X(p[0]), y = Y(p[1]);
      if (prev && Math.abs(x - prev) < W / 2) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      prev = x;
    }
    ctx.stroke();
  };
  if ($('show-annotations').checked) {
    for (const [name, rows] of Object.entries(d.annotations)) {
      const a = rows[f];
      if (!a || a[0] === null) continue;
      const r = Math.max(3 * lw, a[2] / 360 * W);
      ctx.strokeStyle = ANNOTATION_COLORS[name] || '#fff';
      ctx.beginPath(); ctx.arc(X(a[0]), Y(a[1]), r, 0, 2 * Math.PI); ctx.stroke();
      ctx.fillStyle = ANNOTATION_COLORS[name] || '#fff';
      ctx.fillText(name, X(a[0]) + r + 2, Y(a[1]));
    }
  }
  let handPoints = 0;
  if ($('show-hand').checked && d.tool0_direction) {
    const path = d.tool0_direction.slice(f, Math.min(d.length, f + d.chunk_frames + 1));
    polyline(path, '#3fb950', 2 * lw);
    handPoints = path.length;
    if (path.length) { ctx.fillStyle = '#3fb950'; ctx.beginPath(); ctx.arc(X(path[0][0]), Y(path[0][1]), 2.5 * lw, 0, 2 * Math.PI); ctx.fill(); }
  }
  // Each regime's predicted chunk in use (tool0 by forward kinematics of its joint targets), from the
  // row for this frame on, dashed in the regime's colour over the demonstrated path.
  let chunkPoints = 0;
  if ($('show-chunk').checked) {
    for (const g of d.gaze) {
      if (!g.predictions) continue;
      const now = gazeAt(g, f);
      if (!now || !g.chunk[now.k]) continue;
      const rows = g.chunk[now.k].slice(Math.max(0, Math.min(g.chunk[now.k].length - 1, f - g.chunk_start[now.k])));
      ctx.setLineDash([5 * lw, 3 * lw]);
      polyline(rows, REGIME_COLORS[g.regime % REGIME_COLORS.length], 2 * lw);
      ctx.setLineDash([]);
      chunkPoints += rows.length;
    }
  }
  let gazePoints = 0;
  if ($('show-gaze').checked) {
    const fovea = state.target.dataset.fovs_deg[0];
    for (const g of d.gaze) {
      const color = REGIME_COLORS[g.regime % REGIME_COLORS.length];
      const now = gazeAt(g, f);
      const upTo = now ? now.k : (f > g.frame[g.frame.length - 1] ? g.frame.length - 1 : -1);
      const pts = [];
      for (let i = 0; i <= upTo; i++) pts.push([g.yaw[i], g.pitch[i]]);
      ctx.globalAlpha = 0.85;
      polyline(pts, color, 1.5 * lw);
      ctx.globalAlpha = 1;
      gazePoints += pts.length;
      if (now) {
        const hw = fovea / 2 / Math.max(0.2, Math.cos(now.pitch * Math.PI / 180)) / 360 * W;
        const hh = fovea / 2 / 180 * H;
        ctx.strokeStyle = color; ctx.lineWidth = 2 * lw;
        ctx.strokeRect(X(now.yaw) - hw, Y(now.pitch) - hh, 2 * hw, 2 * hh);
        ctx.fillStyle = color;
        ctx.fillText(g.label, X(now.yaw) + hw + 3, Y(now.pitch) - hh);
      }
    }
    const m = state.manualGaze;
    ctx.strokeStyle = '#fff'; ctx.lineWidth = lw;
    ctx.beginPath();
    ctx.moveTo(X(m.yaw) - 6 * lw, Y(m.pitch)); ctx.lineTo(X(m.yaw) + 6 * lw, Y(m.pitch));
    ctx.moveTo(X(m.yaw), Y(m.pitch) - 6 * lw); ctx.lineTo(X(m.yaw), Y(m.pitch) + 6 * lw);
    ctx.stroke();
  }
  c.dataset.gazePoints = String(gazePoints);
  c.dataset.handPoints = String(handPoints);
  c.dataset.chunkPoints = String(chunkPoints);
  c.dataset.frame = String(f);
}

// ---------------------------------------------------------------- plots

function drawPlots() {
  const d = state.data;
  if (!d) return;
  const frames = [...Array(d.length).keys()];
  const seekTo = x => { stop(); seek(Math.round(x)); };
  const deg = v => v === null ? null : v * 180 / Math.PI;
  Plot.draw($('plot-joints'), {
    series: d.joint_names.slice(0, 6).map((n, j) => ({ name: n + ' (°)', color: JOINT_COLORS[j], xs: frames, ys: d.state.map(r => deg(r[j])) })),
    xMin: 0, xMax: d.length - 1, cursor: state.frame, onSeek: seekTo, xLabel: 'frame',
  });
  Plot.draw($('plot-gripper'), {
    series: [
      { name: 'gripper state', color: '#e3b341', xs: frames, ys: d.state.map(r => r[6]) },
      { name: 'gripper action', color: '#f78166', xs: frames, ys: d.action.map(r => r[6]), dashed: true },
    ],
    xMin: 0, xMax: d.length - 1, cursor: state.frame, onSeek: seekTo, yMin: -0.05, yMax: 1.05, xLabel: 'frame',
  });
  if (d.gaze.length) {
    const playing = g => g.frame.map((x, i) => i).filter(i => !g.paused[i] && g.step[i] > 0);
    const series = key => d.gaze.map(g => {
      const idx = playing(g);
      return { name: g.label, color: REGIME_COLORS[g.regime % REGIME_COLORS.length], xs: idx.map(i => g.frame[i]), ys: idx.map(i => g[key][i]) };
    });
    Plot.draw($('plot-hand'), { series: series('hand_error_cm'), xMin: 0, xMax: d.length - 1, cursor: state.frame, onSeek: seekTo, xLabel: 'frame' });
    Plot.draw($('plot-angle'), { series: series('target_angle'), xMin: 0, xMax: d.length - 1, cursor: state.frame, onSeek: seekTo, yMin: 0, xLabel: 'frame' });
    const predicting = d.gaze.filter(g => g.predictions);
    $('plot-age').hidden = predicting.length === 0;
    if (predicting.length) {
      Plot.draw($('plot-age'), {
        series: predicting.map(g => ({ name: g.label + ': chunk age (steps)', color: REGIME_COLORS[g.regime % REGIME_COLORS.length], xs: g.frame, ys: g.chunk_age })),
        xMin: 0, xMax: d.length - 1, cursor: state.frame, onSeek: seekTo, yMin: 0, xLabel: 'frame',
      });
    }
    const info = predicting.map(g => {
      const now = gazeAt(g, state.frame);
      const age = now ? g.chunk_age[now.k] : null;
      return `${g.label}: chunk age ${age === null || age === undefined ? '–' : age + (age === 1 ? ' step' : ' steps')}`;
    });
    $('chunk-info').textContent = predicting.length ? 'Predicted chunk in use: ' + info.join(' · ')
      : 'no predictions recorded (these logs hold no predicted chunks: evaluations and runs recorded since the chunk was logged do)';
    $('chunk-info').dataset.predictions = String(predicting.length);
  }
}

// ---------------------------------------------------------------- the live feed (server-sent events)

let eventSource = null;
/** The page's one event stream: training runs' metrics and eyes, closed-loop runs' snapshots. */
function liveSource() {
  if (eventSource) return eventSource;
  eventSource = new EventSource('/api/live');
  const mark = text => { for (const id of ['live-state', 'live-run-state']) $(id).textContent = text; };
  eventSource.addEventListener('open', () => mark('● live'));
  eventSource.addEventListener('error', () => mark('○ reconnecting'));
  window.addEventListener('beforeunload', () => eventSource.close());
  return eventSource;
}

// ---------------------------------------------------------------- closed-loop runs, live

async function initLiveRuns() {
  $('live-runs').hidden = false;
  state.liveRuns = [];
  const list = $('live-run-list');
  for (let i = 0; i < state.target.live_runs.length; i++) {
    const div = document.createElement('div');
    div.className = 'live-run';
    div.id = 'live-run-' + i;
    div.innerHTML = `<h2><span class="badge"></span> <span class="title"></span></h2>`
      + `<div class="live-run-body"><div class="live-pano"><canvas class="live-frame" width="2" height="1"></canvas>`
      + `<canvas class="live-overlay" width="2" height="1"></canvas></div>`
      + `<div><img class="live-run-view" alt="the foveated view (fovea, mid, wide)"><div class="live-view-caption"></div>`
      + `<div class="live-figures"></div><div class="live-results"></div></div></div>`
      + `<div class="live-finished" hidden></div>`;
    list.append(div);
    state.liveRuns.push({ div, sequence: -1, snapshot: null, trail: [], trailKey: '' });
  }
  const source = liveSource();
  source.addEventListener('live-run', ev => renderLiveRun(JSON.parse(ev.data)));
  for (let i = 0; i < state.liveRuns.length; i++) {
    try {
      renderLiveRun(await (await api('/api/live-run?index=' + i)).json());
    } catch (err) {
      state.liveRuns[i].div.dataset.error = err.message;
      showError(err.message);
    }
  }
}

/** One closed-loop run's panel: whether it is live, the panorama with gaze and chunk, the view, the figures, the successes. */
function renderLiveRun(s) {
  const run = state.liveRuns && state.liveRuns[s.index];
  if (!run) return;
  const div = run.div;
  if (s.error) {
    div.dataset.error = s.error;
    showError(s.error);
    return;
  }
  delete div.dataset.error;
  const full = s.sequence !== undefined;
  if (full && s.sequence < run.sequence && s.state === 'running') return; // an older snapshot than the one shown
  const ended = !s.live;
  const label = s.live ? '● live' : s.state === 'finished' ? '■ finished'
    : s.state === 'missing' ? '■ ended (no snapshot: the run stopped without finishing, or is writing its results)'
    : `■ ended (no snapshot for ${Math.round(s.age_s || 0)} s: stopped or killed)`;
  const badge = div.querySelector('.badge');
  badge.textContent = label;
  badge.className = 'badge ' + (ended ? 'ended' : 'live');
  div.classList.toggle('ended', ended);
  div.dataset.state = s.live ? 'live' : s.state === 'finished' ? 'finished' : 'ended';
  if (!full) return;
  run.sequence = s.sequence;
  run.snapshot = s;
  div.dataset.sequence = String(s.sequence);
  div.querySelector('.title').textContent = `${s.name}: ${s.command || ''}`;
  const results = (s.results || []).map(r => `${r.regime}: ${r.successes} / ${r.done} successes (${r.episodes} episodes)`);
  div.querySelector('.live-results').textContent = results.length ? 'Successes so far: ' + results.join(' · ') : '';
  div.dataset.successes = String((s.results || []).reduce((a, r) => a + r.successes, 0));
  div.dataset.done = String((s.results || []).reduce((a, r) => a + r.done, 0));
  const finished = div.querySelector('.live-finished');
  if (s.state === 'finished') {
    finished.hidden = false;
    const shown = state.target.dataset && s.recording && state.target.dataset.root === s.recording;
    const listed = state.target.evaluations.some(e => e.dir === s.dir); // its metrics.json, once written
    if (state.target.reopen && (s.recording && !shown || !listed)) {
      finished.innerHTML = s.recording && !shown
        ? `The run finished; its recording is at <code>${escapeHtml(s.recording)}</code>. <button class="show-recording">Show the recording and results</button>`
        : `The run finished. <button class="show-recording">Show its results</button>`;
      finished.querySelector('.show-recording').onclick = async () => {
        try {
          await api('/api/reopen');
          location.reload();
        } catch (err) {
          showError(err.message);
        }
      };
    } else {
      finished.textContent = s.recording ? (shown ? 'The run finished; its recording is shown below.'
        : `The run finished; its recording: saccade view ${s.recording}`) : 'The run finished (not recorded: --no-record).';
    }
    div.dataset.recording = s.recording ? 'offered' : 'none';
  } else {
    finished.hidden = true;
  }
  if (s.frame < 0) {
    div.querySelector('.live-figures').textContent = `starting: no frame yet (snapshot ${s.sequence})`;
    return;
  }
  const key = s.regime + '/' + s.task + '/' + s.seed + '/' + s.episode;
  if (key !== run.trailKey) { run.trailKey = key; run.trail = []; }
  run.trail.push(s.gaze_deg);
  if (run.trail.length > 100) run.trail.shift();
  if (s.view_png) div.querySelector('.live-run-view').src = 'data:image/png;base64,' + s.view_png;
  div.querySelector('.live-view-caption').textContent = s.view_png ? 'the view: ' + s.view_source
    : s.panorama_jpeg ? 'no view in this snapshot'
    : 'no 360° frame and no view: the agent looks at no pixels and the run is not recorded (--no-record), so none is rendered';
  const num = (v, digits) => v === null || v === undefined ? '–' : v.toFixed(digits);
  div.querySelector('.live-figures').innerHTML = [
    `${escapeHtml(s.regime)} (${escapeHtml(s.gaze)} eye / ${escapeHtml(s.hand)} hand), regime ${s.regime_index + 1} of ${s.regimes}`,
    `episode ${s.episode + 1} of ${s.episodes}: ${escapeHtml(s.task)}, scene seed ${s.seed}${s.success_now ? ' · <b>done</b>' : ''}`,
    `frame ${s.frame} (${num(s.time_s, 2)} s) · ${num(s.frames_per_s, 1)} frames/s · policy ${num(s.policy_ms, 1)} ms (mean ${num(s.policy_mean_ms, 1)})`,
    `gaze (${num(s.gaze_deg[0], 1)}°, ${num(s.gaze_deg[1], 1)}°) → (${num(s.gaze_target_deg[0], 1)}°, ${num(s.gaze_target_deg[1], 1)}°)`,
    `chunk in use: ${s.chunk_age < 0 ? 'none' : 'age ' + s.chunk_age + (s.chunk_age === 1 ? ' frame' : ' frames')}${s.stopped ? ' · watchdog holds the arm' : ''}`,
    `successes ${s.successes} / ${s.done} so far · snapshot ${s.sequence}${s.dropped ? ', ' + s.dropped + ' skipped' : ''}`,
  ].map(l => `<div>${l}</div>`).join('');
  if (s.panorama_jpeg) {
    const img = new Image();
    img.onload = () => {
      if (run.snapshot !== s) return; // a newer snapshot came while this one decoded
      const c = div.querySelector('.live-frame');
      if (c.width !== img.width) { c.width = img.width; c.height = img.height; }
      c.getContext('2d').drawImage(img, 0, 0);
      drawLiveOverlay(run);
      c.dataset.frame = String(s.frame);
      div.dataset.frame = String(s.frame);
    };
    img.src = 'data:image/jpeg;base64,' + s.panorama_jpeg;
  } else {
    drawLiveOverlay(run);
    div.dataset.frame = String(s.frame);
  }
}

/** The live panorama's overlay: the gaze (fovea box, recent trail, where it is headed), tool0 and the chunk in use. */
function drawLiveOverlay(run) {
  const s = run.snapshot, c = run.div.querySelector('.live-overlay'), frame = run.div.querySelector('.live-frame');
  const k = window.devicePixelRatio || 1;
  const width = Math.max(2, Math.round((frame.clientWidth || 720) * k));
  if (c.width !== width) { c.width = width; c.height = width / 2; }
  const ctx = c.getContext('2d'), W = c.width, H = c.height;
  ctx.clearRect(0, 0, W, H);
  if (!s || s.frame < 0) return;
  const X = yaw => ((yaw + 180) / 360 - Math.floor((yaw + 180) / 360)) * W;
  const Y = pitch => (90 - pitch) / 180 * H;
  const polyline = (pts, color, lineWidth) => {
    ctx.strokeStyle = color; ctx.lineWidth = lineWidth; ctx.beginPath();
    let prev = null;
    for (const p of pts) {
      const x = X(p[0]), y = Y(p[1]);
      if (prev !== null && Math.abs(x - prev) < W / 2) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      prev = x;
    }
    ctx.stroke();
  };
  ctx.font = `${12 * k}px system-ui, sans-serif`;
  let chunkPoints = 0;
  if (s.chunk) {
    // The chunk's rows from the one for this frame on (row 0 was for frame − age), dashed, as for recorded runs.
    const rows = s.chunk.slice(Math.max(0, Math.min(s.chunk.length - 1, s.chunk_age)));
    ctx.setLineDash([5 * k, 3 * k]);
    polyline(rows, REGIME_COLORS[0], 2 * k);
    ctx.setLineDash([]);
    chunkPoints = rows.length;
  }
  if (s.tool0_deg) {
    ctx.fillStyle = '#3fb950'; ctx.beginPath(); ctx.arc(X(s.tool0_deg[0]), Y(s.tool0_deg[1]), 3 * k, 0, 2 * Math.PI); ctx.fill();
  }
  ctx.globalAlpha = 0.8;
  polyline(run.trail, '#ffffff', 1.5 * k);
  ctx.globalAlpha = 1;
  const [yaw, pitch] = s.gaze_deg, fovea = s.fovs_deg[0];
  const hw = fovea / 2 / Math.max(0.2, Math.cos(pitch * Math.PI / 180)) / 360 * W, hh = fovea / 2 / 180 * H;
  ctx.strokeStyle = REGIME_COLORS[0]; ctx.lineWidth = 2 * k;
  ctx.strokeRect(X(yaw) - hw, Y(pitch) - hh, 2 * hw, 2 * hh);
  ctx.fillStyle = REGIME_COLORS[0];
  ctx.fillText(s.regime, X(yaw) + hw + 3, Y(pitch) - hh);
  const [ty, tp] = s.gaze_target_deg;
  ctx.strokeStyle = '#fff'; ctx.lineWidth = k;
  ctx.beginPath();
  ctx.moveTo(X(ty) - 5 * k, Y(tp) - 5 * k); ctx.lineTo(X(ty) + 5 * k, Y(tp) + 5 * k);
  ctx.moveTo(X(ty) + 5 * k, Y(tp) - 5 * k); ctx.lineTo(X(ty) - 5 * k, Y(tp) + 5 * k);
  ctx.stroke();
  c.dataset.chunkPoints = String(chunkPoints);
  c.dataset.gaze = `${yaw.toFixed(1)},${pitch.toFixed(1)}`;
  c.dataset.frame = String(s.frame);
}

// ---------------------------------------------------------------- training runs, live

const RUN_CHARTS = [
  ['reward', 'reward per step', 1], ['hand_error_m', 'hand error (cm)', 100], ['fovea_hits', 'relevant thing in the fovea', 1],
  ['bc_loss', 'BC loss', 1], ['policy_loss', 'policy loss', 1], ['entropy', 'entropy', 1],
];

async function initRuns() {
  $('runs').hidden = false;
  const list = $('run-list');
  state.runs = [];
  for (let i = 0; i < state.target.runs.length; i++) {
    const div = document.createElement('div');
    div.className = 'run';
    div.id = 'run-' + i;
    div.innerHTML = `<h2></h2><div class="run-eye" hidden><img class="live-view" alt="the eye's current foveated view">`
      + `<canvas class="live-map" width="360" height="180"></canvas><span class="live-caption"></span></div><div class="run-charts"></div>`;
    list.append(div);
    state.runs.push({ div, data: null, trail: [], sequence: -1 });
    try {
      renderRun(i, await (await api('/api/run?index=' + i)).json());
    } catch (err) {
      showError(err.message);
    }
  }
  const source = liveSource();
  source.addEventListener('run', ev => {
    const data = JSON.parse(ev.data);
    if (data.error) showError(data.error); else renderRun(data.run, data);
  });
  source.addEventListener('eye', ev => {
    const data = JSON.parse(ev.data);
    renderEye(data.run, data);
  });
}

/** A run's live eye: its current foveated view, its gaze on a 360° map with the recent trail, and where it is. */
function renderEye(i, eye) {
  const run = state.runs[i];
  if (!run || !eye || eye.sequence <= run.sequence) return;
  run.sequence = eye.sequence;
  const box = run.div.querySelector('.run-eye');
  box.hidden = false;
  box.dataset.sequence = String(eye.sequence);
  if (eye.view_png) box.querySelector('.live-view').src = 'data:image/png;base64,' + eye.view_png;
  run.trail.push([eye.yaw_deg, eye.pitch_deg]);
  if (run.trail.length > 60) run.trail.shift();
  run.eye = eye;
  drawEyeMap(run);
  // The run's dataset is the one shown: put the frame the env sees behind its gaze.
  const ds = state.target.dataset;
  const key = `${eye.episode}/${eye.frame}`;
  if (ds && run.data && run.data.dataset === ds.root && eye.episode >= 0 && eye.frame >= 0 && key !== run.panoramaKey) {
    run.panoramaKey = key;
    loadEyePanorama(run, eye.episode, eye.frame, key);
  }
  const age = Math.max(0, (Date.now() - eye.time_ms) / 1000);
  box.querySelector('.live-caption').textContent = `live eye (one env): episode ${eye.episode}, frame ${eye.frame}, step ${eye.step}`
    + `${eye.paused ? ' (searching, video paused)' : ''} · yaw ${eye.yaw_deg.toFixed(1)}°, pitch ${eye.pitch_deg.toFixed(1)}°`
    + ` · snapshot ${eye.sequence}, ${age < 60 ? age.toFixed(0) + ' s' : Math.round(age / 60) + ' min'} old when received`;
}

async function loadEyePanorama(run, episode, frame, key) {
  try {
    const blob = await (await api(`/api/frame?episode=${episode}&frame=${frame}`)).blob();
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(img.src);
      if (run.panoramaKey !== key) return; // a newer frame was asked for meanwhile
      run.panorama = img;
      drawEyeMap(run);
      run.div.querySelector('.run-eye').dataset.panorama = key;
    };
    img.src = URL.createObjectURL(blob);
  } catch (err) {
    showError(err.message);
  }
}

/** The live eye's 360° map: the frame it sees when the dataset is shown, the gaze's trail and its fovea. */
function drawEyeMap(run) {
  const eye = run.eye, box = run.div.querySelector('.run-eye');
  const c = box.querySelector('.live-map'), ctx = c.getContext('2d'), W = c.width, H = c.height;
  const X = yaw => ((yaw + 180) / 360 - Math.floor((yaw + 180) / 360)) * W;
  const Y = pitch => (90 - pitch) / 180 * H;
  ctx.fillStyle = '#0d1117'; ctx.fillRect(0, 0, W, H);
  if (run.panorama) ctx.drawImage(run.panorama, 0, 0, W, H);
  ctx.strokeStyle = '#30363d'; ctx.lineWidth = 1;
  for (let yaw = -180; yaw <= 180; yaw += 45) { ctx.beginPath(); ctx.moveTo(X(yaw) || (yaw > 0 ? W - 0.5 : 0.5), 0); ctx.lineTo(X(yaw) || (yaw > 0 ? W - 0.5 : 0.5), H); ctx.stroke(); }
  for (let pitch = -60; pitch <= 60; pitch += 30) { ctx.beginPath(); ctx.moveTo(0, Y(pitch)); ctx.lineTo(W, Y(pitch)); ctx.stroke(); }
  ctx.strokeStyle = REGIME_COLORS[0]; ctx.globalAlpha = 0.6; ctx.beginPath();
  let prev = null;
  for (const [yaw, pitch] of run.trail) {
    const x = X(yaw), y = Y(pitch);
    if (prev !== null && Math.abs(x - prev) < W / 2) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    prev = x;
  }
  ctx.stroke(); ctx.globalAlpha = 1;
  const fovea = 17.3;
  ctx.strokeStyle = REGIME_COLORS[0]; ctx.lineWidth = 2;
  ctx.strokeRect(X(eye.yaw_deg) - fovea / 720 * W / Math.max(0.2, Math.cos(eye.pitch_deg * Math.PI / 180)), Y(eye.pitch_deg) - fovea / 360 * H,
    fovea / 360 * W / Math.max(0.2, Math.cos(eye.pitch_deg * Math.PI / 180)), fovea / 180 * H);
}

function renderRun(i, data) {
  const run = state.runs[i];
  run.data = data;
  if (data.eye) renderEye(i, data.eye);
  run.div.dataset.rows = data.rows.length;
  run.div.querySelector('h2').textContent = `${data.name}: ${data.rows.length} iterations`
    + (data.latest_checkpoint ? `, latest checkpoint ${data.latest_checkpoint}` : ', no checkpoint yet') + ` (${data.dir})`;
  const charts = run.div.querySelector('.run-charts');
  const col = name => data.columns.indexOf(name);
  const x = col('env_steps') >= 0 ? col('env_steps') : 0;
  for (const [key, title, scale] of RUN_CHARTS) {
    const k = col(key);
    if (k < 0) continue;
    let canvas = charts.querySelector(`canvas[data-key="${key}"]`);
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.width = 420; canvas.height = 160;
      canvas.dataset.key = key;
      charts.append(canvas);
    }
    const xs = data.rows.map(r => r[x]);
    Plot.draw(canvas, {
      series: [{ name: title, xs, ys: data.rows.map(r => typeof r[k] === 'number' ? r[k] * scale : null) }],
      xMin: xs.length ? xs[0] : 0, xMax: xs.length ? xs[xs.length - 1] : 1, xLabel: data.columns[x],
    });
  }
}

// ---------------------------------------------------------------- evaluations

async function initEvaluations() {
  $('evaluations').hidden = false;
  for (let i = 0; i < state.target.evaluations.length; i++) {
    const div = document.createElement('div');
    div.className = 'evaluation';
    $('eval-list').append(div);
    let data;
    try {
      data = await (await api('/api/evaluation?index=' + i)).json();
    } catch (err) {
      div.textContent = state.target.evaluations[i].name + ': could not be read';
      showError(err.message);
      continue;
    }
    const sentence = data.summary && data.summary.learned_vs_random ? data.summary.learned_vs_random.sentence : '';
    const byMetric = new Map();
    for (const r of data.rows) { if (!byMetric.has(r.metric)) byMetric.set(r.metric, []); byMetric.get(r.metric).push(r); }
    let html = `<h2>${escapeHtml(data.name)} (${escapeHtml(data.dir)})</h2>` + (sentence ? `<p>${escapeHtml(sentence)}</p>` : '');
    html += '<table><tr><th>metric</th><th>gaze / hand</th><th>mean</th><th>95 % interval</th><th>n</th><th></th></tr>';
    for (const [metric, rows] of byMetric) {
      const max = Math.max(...rows.map(r => Math.abs(r.high ?? r.mean ?? 0)), 1e-12);
      for (const r of rows) {
        const m = r.mean === null ? '–' : r.mean.toFixed(2);
        const ci = r.low === null ? '' : `[${r.low.toFixed(2)}, ${r.high.toFixed(2)}]`;
        const bar = r.mean === null ? 0 : Math.round(120 * Math.abs(r.mean) / max);
        html += `<tr><td>${escapeHtml(metric)} ${escapeHtml(r.unit ? '(' + r.unit + ')' : '')}</td><td>${escapeHtml(r.gaze)}${r.hand ? ' / ' + escapeHtml(r.hand) : ''}</td>`
          + `<td>${m}</td><td>${ci}</td><td>${r.episodes}</td><td><span class="bar" style="width:${bar}px"></span></td></tr>`;
      }
    }
    div.innerHTML = html + '</table>';
  }
}

window.addEventListener('resize', () => { drawOverlay(); (state.liveRuns || []).forEach(drawLiveOverlay); });
init();
