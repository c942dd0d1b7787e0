/**
 * The web explorer (web/) in a real browser against a real server: autocomplete by keyboard, neighbours equal to
 * the API's, exploring a neighbour, back/forward, the map, the analogy form, an unknown word's suggestions, a
 * dictionary-only server, and screenshots (wide and 360 px) in test-output/.
 *
 * Needs Chromium at /usr/bin/chromium (Debian's package): without it the test is skipped, unless
 * SIMDICT_REQUIRE_BROWSER=1 (CI), where it fails.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildDictionary, loadModel, type KeyedVectors } from '../../src/index.js';
import { openDictionary } from '../../src/store/index.js';
import { createServer } from '../../src/server/create-server.js';

const CHROMIUM = '/usr/bin/chromium';
const REQUIRED = process.env.SIMDICT_REQUIRE_BROWSER === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP = !HAVE_CHROMIUM && !REQUIRED ? `no Chromium at ${CHROMIUM} (apt-get install chromium; SIMDICT_REQUIRE_BROWSER=1 makes this a failure)` : false;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUTPUT = join(ROOT, 'test-output');
/** Per suite, against a hang: the whole file takes ~15 s. */
const TIMEOUT = 60_000;

interface Neighbor { word: string; score: number }

let browser: Browser | undefined;
let model: KeyedVectors;

before(async () => {
  if (SKIP) return;
  assert.ok(HAVE_CHROMIUM, `SIMDICT_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
  const { chromium } = await import('playwright-core');
  [browser, model] = await Promise.all([
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    }),
    loadModel(join(ROOT, 'models/glove-6B-100d-15k.txt.gz')),
  ]);
  mkdirSync(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
});

/** A server on a free port, its base URL, and a page on it that fails the test on any script error. */
async function open(app: FastifyInstance, width: number, height: number): Promise<{ base: string; page: Page; errors: string[] }> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const page = await browser!.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(5_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(address)) errors.push(`request outside the server: ${r.url()}`);
  });
  return { base: address, page, errors };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The neighbours a list shows: [{word, score}] read from its links and <data> values. */
async function shownList(page: Page, list: string): Promise<Neighbor[]> {
  return page.locator(`${list} li`).evaluateAll((items) =>
    items.map((li) => ({ word: li.querySelector('a')!.textContent!, score: Number(li.querySelector('data')!.getAttribute('value')) })));
}

/** Waits until `list` shows exactly the words of `expected`, then compares scores too. */
async function assertList(page: Page, list: string, expected: Neighbor[]): Promise<void> {
  const words = expected.map((n) => n.word);
  await page.waitForFunction(
    ([sel, want]) => JSON.stringify(Array.from(document.querySelectorAll(`${sel} li a`), (a) => a.textContent)) === JSON.stringify(want),
    [list, words] as const,
    { timeout: 5_000 },
  ).catch(() => undefined);
  const shown = await shownList(page, list);
  assert.deepEqual(shown.map((n) => n.word), words, `${list} words`);
  assert.deepEqual(shown.map((n) => n.score), expected.map((n) => n.score), `${list} scores`);
  const texts = await page.locator(`${list} li data`).allTextContents();
  assert.deepEqual(texts, expected.map((n) => n.score.toFixed(3)), `${list} score texts`);
}

async function hashOf(page: Page): Promise<string> {
  return decodeURIComponent(await page.evaluate(() => location.hash));
}

function assertPng(file: string): void {
  const bytes = readFileSync(file);
  assert.ok(bytes.length > 2000, `${file}: ${bytes.length} bytes`);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
}

describe('the web explorer over a model', { skip: SKIP, timeout: TIMEOUT }, () => {
  let app: FastifyInstance;
  let base: string;
  let page: Page;
  let errors: string[];

  before(async () => {
    app = await createServer({ model, threads: 2 });
    ({ base, page, errors } = await open(app, 1280, 900));
    await page.goto(`${base}/`);
    await page.locator('#source', { hasText: 'glove-6B-100d-15k' }).waitFor();
  });

  after(async () => {
    await page?.close();
    await app?.close();
  });

  test('autocomplete by keyboard: type "kin", Down, Enter picks "king" and shows its neighbours', async () => {
    const input = page.getByRole('combobox', { name: 'Word' });
    await input.focus();
    await page.keyboard.type('kin');
    const options = page.locator('#word-options [role=option]');
    await options.first().waitFor();
    const { words } = await getJson<{ words: string[] }>(`${base}/v1/words?prefix=kin&limit=8`);
    assert.deepEqual(await options.allTextContents(), words);
    assert.equal(words[0], 'king');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await input.getAttribute('aria-activedescendant'), null, 'nothing is highlighted before an arrow key');

    // Escape closes the suggestions; Down opens them again with the first highlighted.
    await page.keyboard.press('Escape');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.locator('#word-options').isHidden());
    assert.equal(await input.inputValue(), 'kin');
    await page.keyboard.press('ArrowDown');
    await page.locator('#word-options [aria-selected=true]').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const active = await input.getAttribute('aria-activedescendant');
    assert.ok(active, 'an option is highlighted');
    assert.equal(await page.locator(`#${active}`).textContent(), 'king');
    assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
    await page.screenshot({ path: join(OUTPUT, 'explorer-autocomplete.png') });
    assertPng(join(OUTPUT, 'explorer-autocomplete.png'));
    await page.keyboard.press('Enter');

    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await hashOf(page), '#word=king');
    const { results } = await getJson<{ results: Neighbor[] }>(`${base}/v1/similar?word=king&topn=10`);
    await assertList(page, '#neighbours', results);
    assert.equal(await page.locator('#results-title').textContent(), 'Words similar to “king”');
  });

  test('the map shows the word and its neighbours, one label per point, neighbours as links', async () => {
    const map = await getJson<{ points: Neighbor[] }>(`${base}/v1/map?word=king&topn=10`);
    await page.locator('#map svg').waitFor();
    const labels = await page.locator('#map svg text').allTextContents();
    assert.equal(labels.length, map.points.length);
    assert.deepEqual(labels, map.points.map((p) => p.word));
    assert.equal(await page.locator('#map svg circle').count(), map.points.length);
    assert.deepEqual(await page.locator('#map svg a').evaluateAll((as) => as.map((a) => a.getAttribute('data-word'))), map.points.slice(1).map((p) => p.word));
    await page.screenshot({ path: join(OUTPUT, 'explorer-wide.png'), fullPage: true });
    assertPng(join(OUTPUT, 'explorer-wide.png'));
  });

  test('clicking a neighbour explores it; back returns to the word before', async () => {
    await page.locator('#neighbours a', { hasText: /^queen$/ }).click();
    const { results } = await getJson<{ results: Neighbor[] }>(`${base}/v1/similar?word=queen&topn=10`);
    await assertList(page, '#neighbours', results);
    assert.equal(await hashOf(page), '#word=queen');
    assert.equal(await page.locator('#word').inputValue(), 'queen');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'results-title', 'the focus goes to the new results');

    await page.goBack();
    const king = await getJson<{ results: Neighbor[] }>(`${base}/v1/similar?word=king&topn=10`);
    await assertList(page, '#neighbours', king.results);
    await page.goForward();
    await assertList(page, '#neighbours', results);

    // A label on the map explores too.
    await page.locator('#map svg a[data-word="princess"]').click();
    await page.waitForFunction(() => location.hash === '#word=princess');
    const princess = await getJson<{ results: Neighbor[] }>(`${base}/v1/similar?word=princess&topn=10`);
    await assertList(page, '#neighbours', princess.results);
  });

  test('the topn selector asks for more neighbours and keeps them on reload', async () => {
    await page.locator('#topn').selectOption('20');
    const { results } = await getJson<{ results: Neighbor[] }>(`${base}/v1/similar?word=princess&topn=20`);
    await assertList(page, '#neighbours', results);
    assert.equal(await hashOf(page), '#word=princess&topn=20');
    await page.reload();
    await assertList(page, '#neighbours', results);
    assert.equal(await page.locator('#topn').inputValue(), '20');
    await page.locator('#topn').selectOption('10');
  });

  test('the analogy form: man : king :: woman : ? answers as the API does', async () => {
    await page.getByLabel('a', { exact: true }).fill('man');
    await page.getByLabel('b', { exact: true }).fill('king');
    await page.getByLabel('c', { exact: true }).fill('woman');
    await page.getByRole('button', { name: 'Solve' }).click();
    const { results } = await getJson<{ results: Neighbor[] }>(`${base}/v1/analogy?a=man&b=king&c=woman&topn=10`);
    await assertList(page, '#analogy-answers', results);
    assert.equal((await shownList(page, '#analogy-answers'))[0].word, results[0].word);
    assert.equal(await hashOf(page), '#word=princess&a=man&b=king&c=woman');
  });

  test('an unknown word shows the API\'s error and clickable suggestions', async () => {
    const input = page.getByRole('combobox', { name: 'Word' });
    await input.fill('kingg');
    await input.press('Enter');
    const alert = page.locator('#results-error');
    await alert.waitFor();
    assert.match((await alert.textContent())!, /"kingg" is not in the model's vocabulary/);
    const suggestion = alert.getByRole('button', { name: 'king', exact: true });
    await suggestion.waitFor();
    assert.equal(await page.locator('#neighbours li').count(), 0);
    assert.ok(await page.locator('#map-section').isHidden());
    await page.screenshot({ path: join(OUTPUT, 'explorer-error.png'), fullPage: true });
    assertPng(join(OUTPUT, 'explorer-error.png'));

    await suggestion.click();
    const { results } = await getJson<{ results: Neighbor[] }>(`${base}/v1/similar?word=king&topn=10`);
    await assertList(page, '#neighbours', results);
    assert.ok(await alert.isHidden());
  });

  test('at 360 px wide nothing overflows sideways; screenshot', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForFunction(() => (document.querySelector('#map svg')?.getBoundingClientRect().width ?? 999) <= 360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 360, `the page is ${overflow} px wide at 360 px`);
    await page.screenshot({ path: join(OUTPUT, 'explorer-narrow.png'), fullPage: true });
    assertPng(join(OUTPUT, 'explorer-narrow.png'));
    assert.deepEqual(errors, []);
  });
});

describe('the web explorer over a dictionary only', { skip: SKIP, timeout: TIMEOUT }, () => {
  let app: FastifyInstance;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simdict-explorer-'));
    const file = join(dir, 'd.sqlite');
    await buildDictionary(model, { k: 10, threads: 2, out: file });
    app = await createServer({ dictionary: openDictionary(file), dictionaryFile: file });
  });

  after(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('neighbours come from /v1/dict; no map and no analogy form', async () => {
    const { base, page, errors } = await open(app, 360, 800);
    try {
      await page.goto(`${base}/#word=king`);
      await page.locator('#source', { hasText: 'Dictionary d.sqlite' }).waitFor();
      const { neighbors } = await getJson<{ neighbors: Neighbor[] }>(`${base}/v1/dict/king?topn=10`);
      await assertList(page, '#neighbours', neighbors.map(({ word, score }) => ({ word, score })));
      assert.ok(await page.locator('#map-section').isHidden());
      assert.ok(await page.locator('#analogy-section').isHidden());

      // Autocomplete works from the dictionary's words.
      await page.locator('#word').fill('');
      await page.locator('#word').focus();
      await page.keyboard.type('pari');
      await page.locator('#word-options [role=option]', { hasText: /^paris$/ }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const paris = await getJson<{ neighbors: Neighbor[] }>(`${base}/v1/dict/paris?topn=10`);
      await assertList(page, '#neighbours', paris.neighbors.map(({ word, score }) => ({ word, score })));

      await page.screenshot({ path: join(OUTPUT, 'explorer-dictionary-narrow.png'), fullPage: true });
      assertPng(join(OUTPUT, 'explorer-dictionary-narrow.png'));
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
