// Completes package-lock.json with Rollup's native packages for other
// platforms. Our build machines reach an npm mirror that carries only the
// Linux packages, so `npm install` leaves the others out of the lockfile,
// and npm 11's `npm ci` then refuses the lockfile ("Missing: ... from lock
// file"). The added entries carry os/cpu/libc, so npm never fetches them
// on a machine they don't fit. Run after every `npm install`:
//   node tools/complete-lockfile.mjs
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const rollup = pkgs['node_modules/rollup'];
if (!rollup) throw new Error('rollup is not in the lockfile');

let added = 0;
for (const [name, version] of Object.entries(rollup.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (pkgs[key]) continue;
  // @rollup/rollup-<os>-<cpu>[-<abi>]
  const [os, cpu, abi = ''] = name.slice('@rollup/rollup-'.length).split('-');
  const entry = { version, cpu: [cpu], dev: true };
  if (os === 'linux') entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  Object.assign(entry, { license: 'MIT', optional: true, os: [os] });
  pkgs[key] = entry;
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} platform entries for rollup ${rollup.version}`);
