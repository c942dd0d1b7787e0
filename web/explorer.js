/**
 * The simdict web explorer: plain DOM over the same-origin JSON API, no dependencies and no build step.
 *
 * The URL's hash holds the whole state (#word=king&topn=20&a=man&b=king&c=woman), so reload, back/forward and shared
 * links show the same page: every action only changes the hash, and render() draws what the hash says.
 * A server with a dictionary only (/v1/info: model null) answers neighbours from /v1/dict; the map and the analogy
 * form need the model and are hidden then.
 */

const DEFAULT_TOPN = 10;
const COMPLETIONS = 8;
const SVG = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
let info = { model: null, dictionary: null, limits: { maxTopn: 1000, maxMapTopn: 100 } };

// ---------------------------------------------------------------------------------------------------------------
// The API

class ApiFailure extends Error {
  constructor(status, error) {
    super(error?.message ?? (status ? `The server answered HTTP ${status}.` : 'The server cannot be reached.'));
    this.status = status;
    this.code = error?.code;
    this.suggestions = error?.suggestions ?? {};
  }
}

async function api(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  let response;
  try {
    response = await fetch(query ? `${path}?${query}` : path, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiFailure(0);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiFailure(response.status, body?.error);
  return body;
}

/** A word's neighbours [{word, score}]: from the model when there is one, else from the dictionary. */
async function neighboursOf(word, topn) {
  if (info.model) return (await api('/v1/similar', { word, topn })).results;
  return (await api(`/v1/dict/${encodeURIComponent(word)}`, { topn })).neighbors;
}

// ---------------------------------------------------------------------------------------------------------------
// The state, in the URL's hash

function readState() {
  const p = new URLSearchParams(location.hash.slice(1));
  const n = Number.parseInt(p.get('topn') ?? '', 10);
  const topn = Number.isSafeInteger(n) && n >= 1 ? Math.min(n, maxTopn()) : defaultTopn();
  return { word: p.get('word') ?? '', topn, a: p.get('a') ?? '', b: p.get('b') ?? '', c: p.get('c') ?? '' };
}

/** A dictionary holds k neighbours per word: no more to ask for. */
const maxTopn = () => (info.model ? info.limits.maxTopn : info.dictionary?.k ?? info.limits.maxTopn);
const defaultTopn = () => Math.min(DEFAULT_TOPN, maxTopn());

function hashOf(changes) {
  const s = { ...readState(), ...changes };
  const p = new URLSearchParams();
  if (s.word) p.set('word', s.word);
  if (s.topn !== defaultTopn()) p.set('topn', String(s.topn));
  if (s.a && s.b && s.c) for (const k of ['a', 'b', 'c']) p.set(k, s[k]);
  return `#${p}`;
}

/** Changes the state; the same state again redraws it (a repeated search, a retry). */
function go(changes) {
  const hash = hashOf(changes);
  if (hash === (location.hash || '#')) {
    shown.word = shown.analogy = '';
    render();
  } else {
    location.hash = hash;
  }
}

/** What is on the page now, so that a change of one part does not reload the other. */
const shown = { word: '', analogy: '' };

function render() {
  const s = readState();
  const wordKey = s.word && `${s.word}\n${s.topn}`;
  const analogyKey = s.a && s.b && s.c && `${s.a}\n${s.b}\n${s.c}\n${s.topn}`;
  document.title = s.word ? `${s.word} – simdict explorer` : 'simdict explorer';
  setTopn(s.topn);
  if (wordKey !== shown.word) {
    shown.word = wordKey;
    $('word').value = s.word;
    showWord(s);
  }
  if (info.model && analogyKey !== shown.analogy) {
    shown.analogy = analogyKey;
    for (const k of ['a', 'b', 'c']) $(k).value = s[k];
    showAnalogy(s);
  }
}

function setTopn(topn) {
  const select = $('topn');
  if (![...select.options].some((o) => o.value === String(topn))) {
    const option = new Option(String(topn));
    const after = [...select.options].find((o) => Number(o.value) > topn);
    select.add(option, after);
  }
  select.value = String(topn);
}

// ---------------------------------------------------------------------------------------------------------------
// Neighbours of a word, and the map of its neighbourhood

let wordRequest = 0;

async function showWord({ word, topn }) {
  const request = ++wordRequest;
  const title = $('results-title');
  $('results-hint').hidden = Boolean(word);
  hideError($('results-error'));
  if (!word) {
    title.textContent = 'Similar words';
    $('neighbours').replaceChildren();
    $('map-section').hidden = true;
    return;
  }
  title.textContent = `Words similar to “${word}”`;
  $('results').setAttribute('aria-busy', 'true');
  const map = info.model ? api('/v1/map', { word, topn: Math.min(topn, info.limits.maxMapTopn) }) : null;
  map?.catch(() => {}); // its failure is shown below, after the neighbours'
  try {
    const neighbours = await neighboursOf(word, topn);
    if (request !== wordRequest) return;
    fillList($('neighbours'), neighbours, `No neighbours of “${word}”.`);
  } catch (e) {
    if (request !== wordRequest) return;
    $('neighbours').replaceChildren();
    $('map-section').hidden = true;
    showError($('results-error'), e, (_, suggestion) => go({ word: suggestion }));
    return;
  } finally {
    if (request === wordRequest) $('results').removeAttribute('aria-busy');
    keepFocus();
  }
  if (!map) return;
  try {
    const m = await map;
    if (request !== wordRequest) return;
    currentMap = m;
    $('map-section').hidden = false;
    drawMap();
    const pct = (f) => `${Math.round(f * 100)}%`;
    $('map-caption').textContent = `“${m.word}” and its ${m.points.length - 1} nearest words on the first two principal axes of their vectors `
      + `(${pct(m.explained[0])} and ${pct(m.explained[1])} of the variance). Near on the map is usually near in meaning.`;
  } catch (e) {
    if (request !== wordRequest) return;
    currentMap = null;
    $('map').replaceChildren();
    $('map-caption').textContent = `No map: ${e.message}`;
  }
}

/** After a neighbour was clicked its link is gone: give the focus to the new results' heading. */
function keepFocus() {
  if (!document.activeElement || document.activeElement === document.body) $('results-title').focus({ preventScroll: true });
}

/** A list of neighbours: each a link to explore it, a bar of its score and the score. */
function fillList(list, neighbours, empty) {
  if (neighbours.length === 0) {
    list.replaceChildren(el('li', { class: 'empty' }, empty));
    return;
  }
  list.replaceChildren(...neighbours.map((n) => {
    const score = typeof n.score === 'number' ? n.score : NaN;
    const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--score', String(Number.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0));
    return el('li', {},
      el('a', { class: 'word', href: `#${new URLSearchParams({ word: n.word })}`, 'data-word': n.word }, n.word),
      bar,
      el('data', { class: 'score', value: String(score) }, Number.isFinite(score) ? score.toFixed(3) : '–'));
  }));
}

let currentMap = null;

/** The map as inline SVG at the container's size in CSS pixels (labels stay readable on a narrow screen). */
function drawMap() {
  const box = $('map');
  if (!currentMap || box.offsetParent === null) return;
  const points = currentMap.points;
  const width = Math.max(260, box.clientWidth);
  const height = Math.round(Math.min(460, Math.max(300, width * 0.72)));
  const pad = 14;
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // One scale for both axes: distances on the map are distances in the plane of the two axes.
  const scale = Math.min((width - 2 * pad - 60) / (x1 - x0 || 1), (height - 2 * pad - 20) / (y1 - y0 || 1));
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const at = (p) => [width / 2 + (p.x - cx) * scale, height / 2 - (p.y - cy) * scale];

  const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'aria-labelledby': 'map-title', 'aria-describedby': 'map-caption' });
  const placed = points.map((p) => { const [x, y] = at(p); return { x: x - 4, y: y - 4, w: 8, h: 8 }; });
  points.forEach((p, i) => {
    const [x, y] = at(p);
    const self = i === 0;
    const label = placeLabel(x, y, p.word, self ? 15 : 13, placed, width, height);
    const group = self
      ? svgEl('g', { class: 'pt self' })
      : svgEl('a', { class: 'pt', href: `#${new URLSearchParams({ word: p.word })}`, 'data-word': p.word });
    const t = svgEl('title', {});
    t.textContent = self ? p.word : `${p.word}: ${p.score.toFixed(3)}`;
    const circle = svgEl('circle', { cx: x, cy: y, r: self ? 6 : 4.5, 'fill-opacity': self ? 1 : 0.35 + 0.65 * Math.max(0, p.score) });
    const text = svgEl('text', { x: label.tx, y: label.ty, 'text-anchor': label.anchor, 'dominant-baseline': 'middle' });
    text.textContent = p.word;
    group.append(t, circle, text);
    svg.append(group);
  });
  box.replaceChildren(svg);
}

let measure;
function textWidth(text, size) {
  measure ??= document.createElement('canvas').getContext('2d');
  measure.font = `${size}px ${getComputedStyle(document.body).fontFamily}`;
  return measure.measureText(text).width;
}

/** A spot for a point's label beside it that overlaps no other label or point, if there is one (else the least bad). */
function placeLabel(x, y, word, size, placed, width, height) {
  const w = textWidth(word, size) + 2, h = size + 2, gap = 7;
  const spots = [
    { tx: x + gap, ty: y, anchor: 'start', x: x + gap, y: y - h / 2 },
    { tx: x - gap, ty: y, anchor: 'end', x: x - gap - w, y: y - h / 2 },
    { tx: x, ty: y - gap - h / 2, anchor: 'middle', x: x - w / 2, y: y - gap - h },
    { tx: x, ty: y + gap + h / 2, anchor: 'middle', x: x - w / 2, y: y + gap },
    { tx: x + gap, ty: y - h / 2 - 2, anchor: 'start', x: x + gap, y: y - h - 2 },
    { tx: x + gap, ty: y + h / 2 + 2, anchor: 'start', x: x + gap, y: y + 2 },
    { tx: x - gap, ty: y - h / 2 - 2, anchor: 'end', x: x - gap - w, y: y - h - 2 },
    { tx: x - gap, ty: y + h / 2 + 2, anchor: 'end', x: x - gap - w, y: y + 2 },
  ];
  let best, bestCost = Infinity;
  for (const s of spots) {
    const r = { x: s.x, y: s.y, w, h };
    const outside = Math.max(0, -r.x) + Math.max(0, r.x + w - width) + Math.max(0, -r.y) + Math.max(0, r.y + h - height);
    const cost = outside * 1000 + placed.reduce((sum, o) => sum + overlap(r, o), 0);
    if (cost < bestCost) [best, bestCost] = [{ ...s, r }, cost];
    if (cost === 0) break;
  }
  placed.push(best.r);
  return best;
}

function overlap(a, b) {
  const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return dx > 0 && dy > 0 ? dx * dy : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Analogies

let analogyRequest = 0;

async function showAnalogy({ a, b, c, topn }) {
  const request = ++analogyRequest;
  const list = $('analogy-answers');
  hideError($('analogy-error'));
  if (!(a && b && c)) {
    list.replaceChildren();
    return;
  }
  list.setAttribute('aria-busy', 'true');
  try {
    const answer = await api('/v1/analogy', { a, b, c, topn });
    if (request !== analogyRequest) return;
    list.setAttribute('aria-label', `${a} is to ${b} as ${c} is to`);
    fillList(list, answer.results, 'No answer.');
  } catch (e) {
    if (request !== analogyRequest) return;
    list.replaceChildren();
    showError($('analogy-error'), e, (unknown, suggestion) => {
      const s = readState();
      go(Object.fromEntries(['a', 'b', 'c'].map((k) => [k, s[k] === unknown ? suggestion : s[k]])));
    });
  } finally {
    if (request === analogyRequest) list.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors: the API's message, and its close spellings as buttons

function showError(box, error, pick) {
  const children = [el('p', {}, error.message)];
  for (const [unknown, words] of Object.entries(error.suggestions)) {
    if (!words.length) continue;
    const p = el('p', { class: 'suggestions' }, `Did you mean${Object.keys(error.suggestions).length > 1 ? ` (for “${unknown}”)` : ''}: `);
    words.forEach((w, i) => {
      if (i > 0) p.append(' ');
      p.append(el('button', { type: 'button', class: 'suggestion', onclick: () => pick(unknown, w) }, w));
    });
    children.push(p);
  }
  box.replaceChildren(...children);
  box.hidden = false;
}

function hideError(box) {
  box.hidden = true;
  box.replaceChildren();
}

// ---------------------------------------------------------------------------------------------------------------
// Autocomplete: the ARIA 1.2 combobox pattern (an input that owns a listbox popup)

/**
 * Down/Up move through the suggestions (Down opens them), Enter picks the highlighted one (else submits the form),
 * Escape closes them (or, when closed, clears the input). A click picks too.
 */
function combobox(input, list, onPick) {
  let words = [], active = -1, request = 0, timer;

  const close = () => {
    request++;
    clearTimeout(timer);
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    const li = list.children[i];
    if (li) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const pick = (word) => {
    input.value = word;
    close();
    onPick(word);
  };
  const suggest = async (thenHighlight) => {
    const mine = ++request;
    const prefix = input.value;
    if (!prefix.trim()) return close();
    let answer;
    try {
      answer = await api('/v1/words', { prefix, limit: COMPLETIONS });
    } catch {
      answer = { words: [] };
    }
    if (mine !== request || document.activeElement !== input) return;
    words = answer.words;
    if (words.length === 0) return close();
    list.replaceChildren(...words.map((w, i) => el('li', { id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false' }, w)));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(thenHighlight ? 0 : -1);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => suggest(false), 120);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (open) highlight((active + 1) % words.length);
      else suggest(true);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      highlight(active <= 0 ? words.length - 1 : active - 1);
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault();
      pick(words[active]);
    } else if (e.key === 'Escape') {
      if (open) close();
      else input.value = '';
      e.preventDefault();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      close();
    }
  });
  input.addEventListener('blur', close);
  list.addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the input
  list.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) pick(li.textContent);
  });
  input.form.addEventListener('submit', close);
}

// ---------------------------------------------------------------------------------------------------------------
// Small DOM helpers

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function svgEl(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

const basename = (file) => (file ? String(file).split(/[\\/]/).pop() : '');
const count = (n) => Number(n).toLocaleString('en');

// ---------------------------------------------------------------------------------------------------------------
// Start

async function start() {
  try {
    info = await api('/v1/info');
  } catch (e) {
    $('source').textContent = `Cannot read /v1/info: ${e.message}`;
    return;
  }
  const parts = [];
  if (info.model) parts.push(`Model ${basename(info.model.file)}: ${count(info.model.words)} words × ${info.model.dim} dimensions`);
  if (info.dictionary) {
    parts.push(`${info.model ? 'dictionary' : 'Dictionary'} ${basename(info.dictionary.file)}: ${count(info.dictionary.words)} words, `
      + `${info.dictionary.k} neighbours each${info.model ? '' : ' (no model: no map and no analogies)'}`);
  }
  $('source').textContent = parts.join(' · ');
  $('analogy-section').hidden = !info.model;
  for (const option of [...$('topn').options]) if (Number(option.value) > maxTopn()) option.remove();
  if ($('topn').options.length === 0) $('topn').add(new Option(String(maxTopn())));

  combobox($('word'), $('word-options'), (word) => go({ word, topn: Number($('topn').value) }));
  for (const k of ['a', 'b', 'c']) combobox($(k), $(`${k}-options`), () => {});
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const word = $('word').value.trim();
    if (word) go({ word, topn: Number($('topn').value) });
  });
  $('topn').addEventListener('change', () => go({ topn: Number($('topn').value) }));
  $('analogy').addEventListener('submit', (e) => {
    e.preventDefault();
    const [a, b, c] = ['a', 'b', 'c'].map((k) => $(k).value.trim());
    if (a && b && c) go({ a, b, c });
  });
  // A neighbour's link (in a list or on the map) explores it and keeps the rest of the state (topn, the analogy).
  document.addEventListener('click', (e) => {
    const link = e.target.closest?.('a[data-word]');
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go({ word: link.dataset.word });
  });
  window.addEventListener('hashchange', render);
  let mapWidth = 0;
  new ResizeObserver(() => {
    if ($('map').clientWidth === mapWidth) return;
    mapWidth = $('map').clientWidth;
    requestAnimationFrame(drawMap);
  }).observe($('map'));
  render();
}

start();
