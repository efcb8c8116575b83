// Opens /docs (Swagger UI) and /redoc in Debian's headless Chromium, as a reader would, and fails when a page
// asks anything of another host (unless its Content-Security-Policy stops the request before the network), gets a 4xx/5xx for one of its own requests (a missing favicon included), logs a
// console error, or does not render the API's title and operations. Usage: node check-docs-pages.js BASE_URL
// (playwright-core on NODE_PATH; CHROMIUM overrides /usr/bin/chromium).
const { chromium } = require('playwright-core');

const base = process.argv[2];
const pages = [
  { path: '/docs', rendered: '.swagger-ui .info .title', operations: '.opblock' },
  { path: '/redoc', rendered: 'h1', operations: '[data-section-id^="tag/"], [data-section-id^="operation/"]' },
];

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  let problems = 0;
  const problem = (page, what) => { console.error(`check-docs-pages: ${page}: ${what}`); problems++; };
  for (const spec of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const origin = new URL(base).origin;
    // another host's request counts unless the page's Content-Security-Policy stopped it before the network
    const foreign = new Map();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.set(request, 'sent');
    });
    page.on('requestfailed', (request) => {
      if (foreign.has(request) && /BLOCKED_BY_CSP|csp/i.test((request.failure() || {}).errorText || '')) {
        foreign.set(request, 'blocked');
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problem(spec.path, `${response.status()} for ${response.url()}`);
    });
    page.on('console', (message) => {
      // a blocked third-party image is the policy at work, not the page failing
      if (message.type() === 'error' && !/Content Security Policy/.test(message.text())) {
        problem(spec.path, `console error: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problem(spec.path, `script error: ${error.message}`));
    await page.goto(base + spec.path, { waitUntil: 'networkidle' });
    try {
      await page.waitForSelector(spec.rendered, { timeout: 20000 });
      const title = (await page.textContent(spec.rendered)) || '';
      if (!title.includes('RPA OpenAPI service')) problem(spec.path, `title is '${title.trim()}'`);
      const operations = await page.locator(spec.operations).count();
      if (operations < 10) problem(spec.path, `only ${operations} operations rendered`);
      else console.log(`check-docs-pages: ${spec.path}: '${title.trim().slice(0, 40)}', ${operations} sections, all from ${origin}`);
    } catch (e) {
      problem(spec.path, `did not render: ${e.message.split('\n')[0]}`);
    }
    for (const [request, fate] of foreign) {
      if (fate !== 'blocked') problem(spec.path, `asked another host: ${request.url()}`);
    }
    await context.close();
  }
  await browser.close();
  process.exit(problems === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
