// Helpers for the end-to-end tests: the real local platform on free ports, generated media
// (real speech from espeak-ng, a moving test picture from ffmpeg), Chromium, axe-core.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'frontend', 'package.json'));
export const { chromium } = require('playwright-core');
const AXE = require.resolve('axe-core/axe.min.js');
export const ARTIFACTS = path.join(REPO, 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

export function ffmpegBinary() {
  const py = path.join(REPO, '.venv', 'bin', 'python');
  if (existsSync(py)) {
    try { return execFileSync(py, ['-c', 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* not installed */ }
  }
  return 'ffmpeg';
}

/** A WAV of real speech (looped by Chromium) and a Y4M test picture. */
export function makeMedia(dir) {
  const wavRaw = path.join(dir, 'speech-raw.wav');
  const wav = path.join(dir, 'speech.wav');
  const y4m = path.join(dir, 'camera.y4m');
  const text = 'I led the migration of our billing system to a new platform. ' +
    'I planned the work in small steps, agreed the scope with finance, and we moved every customer without downtime. ' +
    'The result was forty percent lower costs and faster invoices.';
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wavRaw, text]);
  const ff = ffmpegBinary();
  execFileSync(ff, ['-y', '-loglevel', 'error', '-i', wavRaw, '-ar', '48000', '-ac', '1', '-c:a', 'pcm_s16le', wav]);
  execFileSync(ff, ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15', '-t', '2', '-pix_fmt', 'yuv420p', y4m]);
  return { wav, y4m };
}

/** A WebM answer (VP8 + Opus) of the given picture size, with the speech as its sound. */
export function makeAnswerVideo(dir, wav, width, height, name = `answer-${width}x${height}.webm`) {
  const out = path.join(dir, name);
  execFileSync(ffmpegBinary(), ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=15`, '-i', wav,
    '-t', '4', '-c:v', 'libvpx', '-b:v', '400k', '-c:a', 'libopus', '-shortest', out]);
  return out;
}

/** Starts `python -m functions.local` on free ports with a fresh state folder (`extraEnv`: APP_ settings to add). */
export async function startPlatform(extraEnv = {}) {
  const port = await freePort();
  const awsPort = await freePort();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'iv-e2e-state-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('APP_')));
  Object.assign(env, { APP_LOCAL_PORT: String(port), APP_LOCAL_AWS_PORT: String(awsPort), APP_LOCAL_STATE_DIR: stateDir, PYTHONUNBUFFERED: '1' }, extraEnv);
  const python = existsSync(path.join(REPO, '.venv', 'bin', 'python')) ? path.join(REPO, '.venv', 'bin', 'python') : 'python3';
  const child = spawn(python, ['-m', 'functions.local'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://localhost:${port}`;
  // A loaded machine starts it slowly; one that never starts is stopped, not left running.
  const deadline = Date.now() + 180_000;
  try {
    while (!output.includes('Ctrl-C stops')) {
      if (child.exitCode !== null) throw new Error('platform exited:\n' + output);
      if (Date.now() > deadline) throw new Error('platform did not start:\n' + output);
      await new Promise((r) => setTimeout(r, 200));
    }
    for (;;) {
      try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error('platform never answered /health');
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
  const login = (name) => output.split('\n').find((l) => l.includes(name))?.trim().split(/\s+/);
  const recruiter = login('Recruiter');
  const admin = login('Admin  ');
  return {
    base, port, awsPort, output: () => output,
    recruiter: { email: recruiter[1], password: recruiter[3] },
    admin: admin && { email: admin[1], password: admin[3] },
    demoCandidateLink: login('Candidate')?.at(-1),
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 15000); child.on('exit', () => { clearTimeout(t); r(); }); });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(media) {
  const args = [
    '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
    `--use-file-for-fake-video-capture=${media.y4m}`, `--use-file-for-fake-audio-capture=${media.wav}`,
  ];
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args });
}

/** axe-core on the current page: WCAG 2.0/2.1 A and AA; returns serious and critical violations. */
export async function axe(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.log(`axe ${name}:`, JSON.stringify(bad, null, 1));
  return bad;
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export function tmp(prefix) { return mkdtempSync(path.join(tmpdir(), prefix)); }

/** The consent wording's version the web app sends (frontend/src/candidate/consent.ts). */
export const CONSENT_TEXT_VERSION = /export const CONSENT_TEXT_VERSION = '([^']+)';/.exec(
  readFileSync(path.join(REPO, 'frontend/src/candidate/consent.ts'), 'utf8'))[1];

/** The consent a candidate gives through the API before uploading (giveConsent). */
export function consentBody(language = 'en', humanReviewOnly = false) {
  return { text_version: CONSENT_TEXT_VERSION, language, recording_and_ai_analysis: true, human_review_only: humanReviewOnly };
}

/** On the welcome page (a page or a frame): tick the consent when it is asked for, then start. */
export async function consentAndStart(root) {
  const start = root.getByRole('button', { name: 'Get started' });
  await start.waitFor();
  const agree = root.getByRole('checkbox', { name: /recording of my answers/ });
  if (await agree.count()) await agree.check();
  await start.click();
}
