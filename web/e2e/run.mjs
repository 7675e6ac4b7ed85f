// End-to-end suite of the web console: a real `steward serve` with demo
// data, Debian's Chromium, playwright-core. Run by scripts/web-test:
//   STEWARD_BINARY=build-test/src/cli/steward SCREENSHOT_DIR=build-test/screenshots node e2e/run.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentStep, totp } from './totp.mjs';
import { OWNER, PASSWORD, axeSerious, launchBrowser, login, newPage, sanitizerReports, startServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const repo = path.resolve(webDir, '..');
const binary = path.resolve(process.env.STEWARD_BINARY ?? path.join(repo, 'build/src/cli/steward'));
const webRoot = path.resolve(process.env.STEWARD_WEB_ROOT ?? path.join(webDir, 'dist'));
const shots = path.resolve(process.env.SCREENSHOT_DIR ?? path.join(repo, 'build/screenshots'));

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// A minimal API client (session cookie + CSRF) for preparing and checking.
async function apiSession(base, email, code) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(code ? { email, password: PASSWORD, totp: code } : { email, password: PASSWORD }),
  });
  assert(r.ok, `API login of ${email}: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return {
    async get(p) {
      const res = await fetch(`${base}${p}`, { headers: { Cookie: cookie } });
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : null };
    },
    async patch(p, body) {
      const res = await fetch(`${base}${p}`, {
        method: 'PATCH',
        headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status };
    },
    async post(p, body = {}) {
      const res = await fetch(`${base}${p}`, {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : null };
    },
  };
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

let server;
let browser;
let ctx; // shared facts: logins, ids

async function shot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, { timeout: 15_000 });
}

function noErrors(errors, where) {
  assert(errors.length === 0, `console errors on ${where}:\n  ${errors.join('\n  ')}`);
}

test('login page names its fields and button; a wrong password is refused', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await page.goto('/');
  await page.waitForURL(/\/login$/);
  await page.getByLabel('E-mail').fill(ctx.tech);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
  assert(page.url().endsWith('/login'), 'stayed on the login page');
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on login: ${JSON.stringify(serious)}`);
  await shot(page, 'login');
  // The refused login's 401 is the only expected console entry.
  noErrors(errors.filter((e) => !e.includes('401')), 'login');
  await context.close();
});

test('a user with two-factor login is asked for the code after the password', async () => {
  // Enrol the second technician through the API, with the previous step's
  // code, so the current step's code is still unused for the login.
  const omar = await apiSession(server.base, ctx.tech2);
  const setup = await omar.post('/api/v1/auth/totp/setup');
  assert(setup.status === 200, `totp setup: ${setup.status}`);
  const enable = await omar.post('/api/v1/auth/totp/enable', { code: totp(setup.body.secret, currentStep() - 1) });
  assert(enable.status === 204, `totp enable: ${enable.status}`);

  const { page, context, errors } = await newPage(browser, server.base);
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(ctx.tech2);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  const code = page.getByLabel('Authentication code');
  await code.waitFor();
  assert(page.url().endsWith('/login'), 'left the login page without a code');
  await code.fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
  await code.fill(totp(setup.body.secret, currentStep()));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  // The 401s of the code-less and the wrong attempt are expected.
  noErrors(errors.filter((e) => !e.includes('401')), 'totp login');
  await context.close();
});

test('technician logs in and the dashboard shows alerts, offline devices and customer health', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  assert(new URL(page.url()).pathname === '/', `landed on ${page.url()}`);
  await settle(page);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByRole('heading', { name: 'Customer health' }).waitFor();
  const tiles = await page.locator('.health-tile').count();
  assert(tiles === ctx.customerCount, `health tiles ${tiles} != customers ${ctx.customerCount}`);
  // The server's jobs may open an alert (a device going offline) at any
  // moment: compare with the API right after reading, and re-read once.
  let shown;
  let actual;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt) {
      await page.reload();
      await settle(page);
    }
    shown = Number(await page.locator('.stat', { hasText: 'Critical alerts' }).locator('.stat-value').innerText());
    const open = (await ctx.owner.get('/api/v1/alerts?status=open&limit=1000')).body.alerts;
    actual = open.filter((a) => a.severity === 'critical').length;
    if (shown === actual) break;
  }
  assert(shown === actual, `critical stat ${shown} != API ${actual}`);
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on dashboard: ${JSON.stringify(serious)}`);
  await shot(page, 'dashboard');
  noErrors(errors, 'dashboard');
  await context.close();
});

test('technician acknowledges an alert and the server records it', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  await page.goto('/alerts?status=open&ack=no');
  await settle(page);
  const row = page.locator('tr[data-alert-id]').first();
  const id = Number(await row.getAttribute('data-alert-id'));
  await row.getByRole('button', { name: /^Acknowledge/ }).click();
  await page.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
  await page.locator(`tr[data-alert-id="${id}"]`).waitFor({ state: 'detached' });
  const check = await ctx.owner.get(`/api/v1/alerts/${id}`);
  assert(check.body.acknowledged_at, `alert ${id} not acknowledged on the server`);
  assert(check.body.events.some((e) => e.kind === 'acknowledged'), 'no acknowledged event');
  await page.goto('/alerts?status=all');
  await settle(page);
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on alerts: ${JSON.stringify(serious)}`);
  await shot(page, 'alerts');
  noErrors(errors, 'alerts');
  await context.close();
});

test('keyboard: j/k select an alert, a acknowledges it, Enter opens it', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  await page.goto('/alerts?status=open&ack=no');
  await settle(page);
  const rows = page.locator('tr[data-alert-id]');
  assert((await rows.count()) >= 2, 'fewer than two unacknowledged alerts');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  const selected = page.locator('tr.selected');
  const id = Number(await selected.getAttribute('data-alert-id'));
  assert(id === Number(await rows.first().getAttribute('data-alert-id')), 'j j k did not land on the first row');
  await page.keyboard.press('a');
  await page.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
  const check = await ctx.owner.get(`/api/v1/alerts/${id}`);
  assert(check.body.acknowledged_at, `alert ${id} not acknowledged by the a key`);
  await page.locator(`tr[data-alert-id="${id}"]`).waitFor({ state: 'detached' });
  await page.keyboard.press('j');
  const next = Number(await page.locator('tr.selected').getAttribute('data-alert-id'));
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/alerts/${next}$`));
  noErrors(errors, 'keyboard');
  await context.close();
});

test("an alert's page shows its history and acknowledges from there", async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  const open = (await ctx.owner.get('/api/v1/alerts?status=open&limit=1000')).body.alerts;
  const target = open.find((a) => !a.acknowledged_at);
  assert(target, 'no unacknowledged open alert left');
  await page.goto('/alerts?status=open');
  await settle(page);
  await page.locator(`tr[data-alert-id="${target.id}"]`).getByRole('link').first().click();
  await page.waitForURL(new RegExp(`/alerts/${target.id}$`));
  await settle(page);
  const history = page.locator('#alert-history');
  await history.getByText('Opened', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await history.getByText('Acknowledged', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
  const check = await ctx.owner.get(`/api/v1/alerts/${target.id}`);
  assert(check.body.acknowledged_at, `alert ${target.id} not acknowledged on the server`);
  noErrors(errors, 'alert page');
  await context.close();
});

test('customer page shows sites, contacts, CIs, documents and the alert timeline', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  await page.goto('/customers');
  await settle(page);
  await page.getByLabel('Search customers', { exact: true }).fill(ctx.customerA.name.split(' ')[0]);
  await page.getByRole('link', { name: ctx.customerA.name }).click();
  await page.waitForURL(new RegExp(`/customers/${ctx.customerA.id}$`));
  await settle(page);
  await page.getByRole('heading', { level: 1, name: ctx.customerA.name }).waitFor();
  for (const h of ['Sites', 'Contacts', 'Configuration items', 'Documents', 'Alert timeline', 'Assigned staff']) {
    await page.getByRole('heading', { name: h }).waitFor();
  }
  const ciRows = await page.locator('#cust-cis tbody tr').count();
  assert(ciRows === ctx.customerACis.length, `CI rows ${ciRows} != ${ctx.customerACis.length}`);
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on customer: ${JSON.stringify(serious)}`);
  await shot(page, 'customer');
  noErrors(errors, 'customer');
  await context.close();
});

test('device page draws metric charts from real data and switches range', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  const cpu = page.waitForResponse((r) => r.url().includes(`/api/v1/devices/${ctx.device.id}/metrics/cpu.used_percent`));
  await page.goto(`/devices/${ctx.device.id}`);
  const res = await cpu;
  const body = await res.json();
  const apiPoints = body.series.reduce((n, s) => n + s.points.length, 0);
  assert(apiPoints > 0, 'the API returned no CPU points');
  await settle(page);
  const chart = page.locator('.chart[data-metric="cpu.used_percent"]');
  await chart.locator('canvas').waitFor();
  assert(Number(await chart.getAttribute('data-points')) === apiPoints, 'chart points differ from the API');
  const box = await chart.locator('canvas').boundingBox();
  assert(box && box.width > 150 && box.height > 100, 'chart canvas is not drawn');
  await page.getByRole('heading', { name: 'Inventory' }).waitFor();
  await page.getByRole('heading', { name: 'Change history' }).waitFor();
  // A longer range asks the API for rollups.
  const week = page.waitForResponse((r) => r.url().includes('cpu.used_percent') && r.url().includes('step=3600'));
  await page.getByRole('button', { name: '7 days' }).click();
  const weekBody = await (await week).json();
  assert(weekBody.resolution !== 'raw', `7-day range answered at ${weekBody.resolution}`);
  await settle(page);
  await chart.locator('canvas').waitFor();
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on device: ${JSON.stringify(serious)}`);
  await shot(page, 'device');
  noErrors(errors, 'device');
  await context.close();
});

test('hostile agent data is shown as text and never runs (hostname, OS, software)', async () => {
  const token = await ctx.owner.post('/api/v1/enrollment-tokens', { customer_id: ctx.customerC.id, auto_approve: true });
  assert(token.status === 201, `enrolment token: ${token.status}`);
  const hostname = '<img src=x onerror="window.__pwned=1">';
  const enrolled = await fetch(`${server.base}/api/v1/agent/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      token: token.body.token,
      hostname,
      machine_id: 'e2e-hostile-machine-0001',
      agent_version: '0.1.0',
      inventory: {
        os: '<script>window.__pwned=2</script>',
        manufacturer: '"><svg onload=window.__pwned=3>',
        packages: [{ name: '<iframe src=javascript:window.__pwned=4>', version: '1.0' }],
      },
    }),
  });
  assert(enrolled.status === 201, `enrol: ${enrolled.status}`);
  const { device_id: id } = await enrolled.json();
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  for (const where of [`/devices/${id}`, `/customers/${ctx.customerC.id}`]) {
    await page.goto(where);
    await settle(page);
    assert((await page.evaluate(() => window.__pwned)) === undefined, `agent data ran as code on ${where}`);
  }
  await page.goto(`/devices/${id}`);
  await settle(page);
  await page.getByText(hostname, { exact: false }).first().waitFor();
  assert((await page.locator('img[src="x"], iframe, svg[onload]').count()) === 0, 'agent markup became elements');
  noErrors(errors, 'hostile device');
  await context.close();
});

test('a technician schedules and cancels a maintenance window for a device', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  await page.goto(`/devices/${ctx.device.id}`);
  await settle(page);
  const card = page.locator('#dev-maintenance');
  await card.getByLabel('Duration').selectOption('4');
  await card.getByLabel('Reason').fill('Firmware update e2e');
  await card.getByRole('button', { name: 'Schedule' }).click();
  await card.getByText('Firmware update e2e').waitFor();
  const listed = (await ctx.owner.get(`/api/v1/maintenance-windows?customer_id=${ctx.device.customer_id}`)).body
    .maintenance_windows;
  const w = listed.find((x) => x.reason === 'Firmware update e2e');
  assert(w && w.device_id === ctx.device.id, 'the window was not stored for this device');
  const hours = (Date.parse(w.ends_at) - Date.parse(w.starts_at)) / 3600_000;
  assert(hours === 4, `window lasts ${hours} h, not 4`);
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on device with maintenance: ${JSON.stringify(serious)}`);
  await card.getByRole('button', { name: 'Cancel maintenance: Firmware update e2e' }).click();
  await card.getByText('Firmware update e2e').waitFor({ state: 'detached' });
  const after = (await ctx.owner.get(`/api/v1/maintenance-windows?customer_id=${ctx.device.customer_id}`)).body
    .maintenance_windows;
  assert(!after.some((x) => x.id === w.id), 'the window is still stored after cancelling');
  noErrors(errors, 'maintenance');
  await context.close();
});

test('a service manager overrides a device threshold and resets it', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.manager);
  await page.goto(`/devices/${ctx.device.id}`);
  await settle(page);
  const card = page.locator('#dev-thresholds');
  await card.getByText('Inherited from the customer and global policies.').waitFor();
  await card.getByRole('button', { name: 'Edit thresholds' }).click();
  await card.getByLabel('CPU above (%)').fill('97');
  await card.getByLabel('CPU for (min)').fill('15');
  await card.getByRole('button', { name: 'Save for this device' }).click();
  await card.getByText('This device has its own thresholds.').waitFor();
  const policy = (await ctx.owner.get(`/api/v1/devices/${ctx.device.id}/policy`)).body.policy;
  assert(policy.cpu_percent === 97 && policy.cpu_minutes === 15, `policy in force: ${JSON.stringify(policy)}`);
  assert(policy.memory_percent === ctx.defaults.memory_percent, 'an unchanged threshold was overridden');
  assert((await card.locator('[data-setting="cpu_percent"]').innerText()) === '97', 'the card shows the old value');
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on device thresholds: ${JSON.stringify(serious)}`);
  await card.getByRole('button', { name: 'Use inherited thresholds' }).click();
  await card.getByText('Inherited from the customer and global policies.').waitFor();
  const after = (await ctx.owner.get(`/api/v1/devices/${ctx.device.id}/policy`)).body.policy;
  assert(after.cpu_percent === ctx.defaults.cpu_percent, `after reset: ${after.cpu_percent}`);
  noErrors(errors, 'thresholds');
  await context.close();

  // A technician sees the thresholds but cannot change them.
  const tech = await newPage(browser, server.base);
  await login(tech.page, ctx.tech);
  await tech.page.goto(`/devices/${ctx.device.id}`);
  await settle(tech.page);
  await tech.page.locator('#dev-thresholds [data-setting="cpu_percent"]').waitFor();
  assert((await tech.page.getByRole('button', { name: 'Edit thresholds' }).count()) === 0, 'technician may edit');
  noErrors(tech.errors, 'thresholds (technician)');
  await tech.context.close();
});

test('the owner reads and verifies the audit log; other roles have no audit page', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, OWNER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(/\/audit$/);
  await settle(page);
  const all = await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  assert(new Set(all).size > 1, 'the unfiltered log shows one kind of action only');
  await page.getByLabel('Action starts with').fill('auth.');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('tr[data-action]')];
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-action').startsWith('auth.'));
  });
  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await page.getByRole('status').filter({ hasText: 'The audit trail is intact' }).waitFor();
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on audit: ${JSON.stringify(serious)}`);
  noErrors(errors, 'audit');
  await context.close();

  const tech = await newPage(browser, server.base);
  await login(tech.page, ctx.tech);
  const nav = tech.page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  assert((await nav.getByRole('link', { name: 'Audit log' }).count()) === 0, 'technician sees the audit log link');
  await tech.page.goto('/audit');
  await tech.page.getByRole('heading', { name: 'Page not found' }).waitFor();
  noErrors(tech.errors, 'audit (technician)');
  await tech.context.close();
});

test('global search (focused with "/") finds a device and opens it', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  await settle(page);
  // "/" jumps to the search box from anywhere outside a text field.
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: /Search customers/ });
  assert(await box.evaluate((el) => el === document.activeElement), '"/" did not focus the search box');
  await page.keyboard.type(ctx.device.name);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  await settle(page);
  await page.getByRole('link', { name: ctx.device.name }).first().click();
  await page.waitForURL(new RegExp(`/devices/${ctx.device.id}$`));
  await page.getByRole('heading', { level: 1, name: ctx.device.name }).waitFor();
  noErrors(errors, 'search');
  await context.close();
});

test('every staff page loads without console errors, in light and dark theme', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context, errors } = await newPage(browser, server.base, { colorScheme });
    await login(page, ctx.tech);
    for (const p of ['/', '/customers', `/customers/${ctx.customerB.id}`, '/devices', `/devices/${ctx.device.id}`, '/alerts', `/alerts/${ctx.anyAlertId}`, '/search?q=srv', '/no-such-page']) {
      await page.goto(p);
      await settle(page);
      await page.locator('h1').first().waitFor();
    }
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    assert(theme === colorScheme, `theme ${theme} != ${colorScheme}`);
    if (colorScheme === 'dark') {
      await page.goto('/');
      await settle(page);
      const serious = await axeSerious(page);
      assert(serious.length === 0, `axe on dark dashboard: ${JSON.stringify(serious)}`);
      await shot(page, 'dashboard-dark');
    }
    noErrors(errors, `staff pages (${colorScheme})`);
    await context.close();
  }
});

test('a tablet-sized screen gets the collapsible navigation', async () => {
  const { page, context, errors } = await newPage(browser, server.base, { viewport: { width: 820, height: 1180 } });
  await login(page, ctx.tech);
  await settle(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await nav.getByRole('link', { name: 'Alerts' }).click();
  await page.waitForURL(/\/alerts/);
  await settle(page);
  // The menu slides away again once a section is picked.
  await page.waitForFunction(() => document.querySelector('.sidebar').getBoundingClientRect().right <= 0);
  // Every row's actions fit on the screen, without scrolling sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the page is ${overflow} px wider than a tablet`);
  for (const b of await page.getByRole('button', { name: /^Acknowledge/ }).all()) {
    const box = await b.boundingBox();
    assert(box && box.x + box.width <= 820, 'an Acknowledge button is off screen');
  }
  await shot(page, 'alerts-tablet');
  noErrors(errors, 'tablet');
  await context.close();
});

test('portal user lands in the portal and sees nothing of another customer', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.portalA.email);
  assert(new URL(page.url()).pathname === '/portal', `portal user landed on ${page.url()}`);
  await settle(page);
  await page.getByRole('heading', { level: 1, name: new RegExp(ctx.customerA.name.replace(/[&]/g, '.')) }).waitFor();
  const serious = await axeSerious(page);
  assert(serious.length === 0, `axe on portal: ${JSON.stringify(serious)}`);
  await shot(page, 'portal');
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Devices' }).click();
  await page.waitForURL(/\/portal\/devices$/);
  await page.getByRole('heading', { level: 1, name: 'Your devices' }).waitFor();
  await settle(page);
  const ownRows = await page.locator('tbody tr').count();
  assert(ownRows === ctx.customerACis.length, `portal devices ${ownRows} != ${ctx.customerACis.length}`);
  noErrors(errors, 'portal');

  // Customer B's addresses, staff and portal style: none may show B's data.
  const forbidden = [ctx.customerB.name, ...ctx.customerBCis.map((c) => c.name)];
  const urls = [
    `/customers/${ctx.customerB.id}`,
    '/customers',
    '/alerts',
    '/devices',
    `/devices/${ctx.customerBCis[0].id}`,
    `/portal/devices/${ctx.customerBCis[0].id}`,
    `/alerts/${ctx.customerBAlertId}`,
    `/search?q=${encodeURIComponent(ctx.customerB.name.split(' ')[0])}`,
  ];
  for (const u of urls) {
    await page.goto(u);
    await settle(page);
    const pathNow = new URL(page.url()).pathname;
    assert(pathNow.startsWith('/portal'), `${u} left the portal: ${pathNow}`);
    const text = await page.locator('body').innerText();
    for (const f of forbidden) assert(!text.includes(f), `${u} shows ${f}`);
  }
  // And the API itself refuses (404, not an empty 200 of someone else's).
  const api = await page.evaluate(async ([b, d]) => {
    const s = async (p) => (await fetch(p)).status;
    return [await s(`/api/v1/customers/${b}`), await s(`/api/v1/cis/${d}`), await s(`/api/v1/devices/${d}/metrics`)];
  }, [ctx.customerB.id, ctx.customerBCis[0].id]);
  assert(api.every((s) => s === 404), `API answered ${api} for customer B's objects`);
  await context.close();
});

test('logout returns to the login page; an expired session sends the user back to login', async () => {
  const { page, context, errors } = await newPage(browser, server.base);
  await login(page, ctx.tech);
  await settle(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login$/);
  await page.getByText('You have been logged out').waitFor();
  // Back button after logout must not show data.
  await page.goto('/customers');
  await page.waitForURL(/\/login$/);

  await login(page, ctx.tech);
  await settle(page);
  // End the session behind the console's back, as an idle timeout would.
  await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': me.csrf_token } });
  });
  // Devices has not been loaded yet, so the console must ask the server.
  await page.getByRole('link', { name: 'Devices' }).click();
  await page.waitForURL(/\/login$/);
  await page.getByText('Your session has expired').waitFor();
  // The 401 that revealed the expiry is expected.
  noErrors(errors.filter((e) => !e.includes('401')), 'logout');
  await context.close();
});

test('when the MSP requires two-factor login, a staff member without it enrols before anything else', async () => {
  const on = await ctx.owner.patch('/api/v1/settings', { mfa_required_for_staff: true });
  assert(on.status === 200, `settings: ${on.status}`);
  try {
    const { page, context, errors } = await newPage(browser, server.base);
    await login(page, ctx.changeManager);
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    assert((await page.getByRole('navigation', { name: 'Main' }).count()) === 0, 'the console opened before enrolment');
    await page.getByRole('button', { name: 'Show my secret key' }).click();
    const secret = (await page.locator('code.secret').innerText()).trim();
    const serious = await axeSerious(page);
    assert(serious.length === 0, `axe on MFA setup: ${JSON.stringify(serious)}`);
    await page.getByLabel('Code from the app').fill(totp(secret, currentStep()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const me = await apiSession(server.base, ctx.changeManager, totp(secret, currentStep() + 1));
    assert((await me.get('/api/v1/auth/me')).body.user.totp_enabled === true, 'TOTP is not enabled on the account');
    noErrors(errors, 'MFA setup');
    await context.close();
  } finally {
    await ctx.owner.patch('/api/v1/settings', { mfa_required_for_staff: false });
  }
});

async function prepare() {
  const owner = await apiSession(server.base, 'owner@northwind-msp.example');
  const techs = server.logins.filter((l) => l.role === 'technician');
  const tech = techs[0];
  assert(techs.length >= 2, 'demo data has fewer than two technicians');
  const portal = server.logins.filter((l) => l.role === 'portal');
  assert(tech && portal.length >= 2, 'demo data lacks a technician or two portal users');
  const customers = (await owner.get('/api/v1/customers?limit=500')).body.customers;
  const portalA = portal[0];
  const customerA = customers.find((c) => portalA.label.endsWith(c.name));
  const customerB = customers.find((c) => c.id !== customerA.id && portal.some((p) => p.label.endsWith(c.name)));
  const cisOf = async (id) => (await owner.get(`/api/v1/cis?customer_id=${id}&limit=500`)).body.cis;
  const servers = (await owner.get('/api/v1/cis?kind=server&limit=500')).body.cis;
  let device = null;
  for (const s of servers) {
    const m = await owner.get(`/api/v1/devices/${s.id}/metrics`);
    if (m.status === 200 && m.body.metrics.some((x) => x.metric === 'cpu.used_percent')) {
      device = s;
      break;
    }
  }
  assert(device, 'no demo server reports CPU metrics');
  const open = (await owner.get('/api/v1/alerts?status=open&limit=1000')).body.alerts;
  return {
    owner,
    tech: tech.email,
    tech2: techs[1].email,
    manager: server.logins.find((l) => l.role === 'service_manager').email,
    changeManager: server.logins.find((l) => l.role === 'change_manager').email,
    defaults: (await owner.get('/api/v1/monitoring/policies')).body.defaults,
    portalA,
    customerA,
    customerB,
    // A third customer for tests that add data (A and B's lists are counted).
    customerC: customers.find((c) => c.id !== customerA.id && c.id !== customerB.id) ?? customerB,
    customerCount: customers.length,
    customerACis: await cisOf(customerA.id),
    customerBCis: await cisOf(customerB.id),
    device,
    anyAlertId: open[0]?.id,
    customerBAlertId: (await owner.get(`/api/v1/alerts?customer_id=${customerB.id}&limit=1`)).body.alerts[0]?.id ?? 1,
  };
}

async function main() {
  assert(fs.existsSync(binary), `no steward binary at ${binary} (set STEWARD_BINARY)`);
  assert(fs.existsSync(path.join(webRoot, 'index.html')), `no built console at ${webRoot} (npm run build)`);
  const only = process.argv[2];
  const started = Date.now();
  server = await startServer({ binary, webRoot });
  const b = await launchBrowser();
  browser = b.browser;
  let failed = 0;
  let ran = 0;
  try {
    ctx = await prepare();
    for (const t of tests) {
      if (only && !t.name.includes(only)) continue;
      const t0 = Date.now();
      ran++;
      try {
        await t.fn();
        console.log(`ok    ${t.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL  ${t.name}\n      ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
      }
    }
  } finally {
    await b.close();
    const log = await server.stop();
    const reports = sanitizerReports(log);
    if (reports.length) {
      failed++;
      console.log(`FAIL  steward serve reported sanitizer errors:\n      ${reports.slice(0, 10).join('\n      ')}`);
    }
  }
  console.log(`${failed ? 'FAILED' : 'passed'}: ${ran - failed}/${ran} e2e tests in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
  process.exit(failed || ran === 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
