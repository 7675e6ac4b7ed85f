// Test harness for the console's end-to-end suite: a fresh demo data dir,
// a real `steward serve` on a free loopback port, and Debian's Chromium
// driven by playwright-core (never a downloaded browser).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'steward-e2e-2026';
export const OWNER = 'owner@northwind-msp.example';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// `steward init --demo` prints one line per demo login:
//   "  email  [role]  Name, Customer".
export function parseLogins(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^\s+(\S+@\S+)\s+\[(\w+)\]\s+(.*)$/);
    if (m) out.push({ email: m[1], role: m[2], label: m[3].trim() });
  }
  return out;
}

export async function startServer({ binary, webRoot }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steward-e2e-'));
  const init = execFileSync(
    binary,
    ['init', '--data', dataDir, '--owner-email', OWNER, '--owner-password', PASSWORD,
      '--owner-name', 'Olivia Owner', '--demo'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logins = parseLogins(init);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(dataDir, 'serve.log'), 'a');
  const proc = spawn(
    binary,
    ['serve', '--data', dataDir, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot],
    { stdio: ['ignore', log, log] },
  );
  let exited = null;
  proc.on('exit', (code) => (exited = code));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`steward serve exited with ${exited}; see ${dataDir}/serve.log`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('steward serve did not become healthy in 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    dataDir,
    logins,
    // Stops the server; returns its log so the caller can look for
    // sanitizer reports (scripts/test runs an ASan+UBSan build).
    async stop() {
      if (exited === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            proc.kill('SIGKILL');
            r();
          }, 5000);
          proc.on('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      const text = fs.readFileSync(path.join(dataDir, 'serve.log'), 'utf8');
      fs.rmSync(dataDir, { recursive: true, force: true });
      return text;
    },
  };
}

export function sanitizerReports(log) {
  return log
    .split('\n')
    .filter((l) => /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(l));
}

// playwright-core refuses --user-data-dir in launch(); it gives every
// launch a new, empty profile directory of its own, which is what the
// environment needs (no state from an earlier run).
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

// A fresh browser context (own cookies and storage) with its console
// errors and uncaught exceptions collected.
export async function newPage(browser, base, { viewport = { width: 1366, height: 900 }, colorScheme = 'light' } = {}) {
    const context = await browser.newContext({ baseURL: base, viewport, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} @ ${page.url()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message} @ ${page.url()}`));
  // Name the request behind a "Failed to load resource" console line.
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`http: ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { context, page, errors };
}

export async function login(page, email, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
}

const AXE = fs.readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

// Runs axe-core in the page; returns the serious and critical violations.
export async function axeSerious(page) {
  // Evaluated through the DevTools protocol, not a <script> tag, so the
  // server's CSP (script-src 'self') stays fully in force during the tests.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
