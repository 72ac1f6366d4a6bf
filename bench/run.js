#!/usr/bin/env node
// `npm run bench` (after `npm run build:prod`): times the engine against SPEC §10's budgets,
// with mathjs and torch.nn.LSTMCell baselines in the same run, and checks the numbers against
// torch at every size. Options: --quick (shorter budgets), --no-torch, --no-activation,
// --json FILE (write every figure as JSON too), --only ROWS (some sections alone, comma-separated:
// q2, step, seq4, seq, grad, note, cli, bundle, activation, incremental; e.g. `--only seq` times the
// H=D=256 core against torch in about 20 s, to compare two builds).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { spawn, spawnSync } = require('child_process');
const { performance } = require('perf_hooks');
const { buildEngine, ROOT } = require('./lib/build');
const { measure, summarize } = require('./lib/harness');
const G = require('./lib/gen');
const MJ = require('./lib/mathjs-baseline');
const { measureActivation } = require('./lib/activation');
const { coreOf, kernelPlan } = require('./lib/core');

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const NO_TORCH = args.includes('--no-torch');
const NO_ACTIVATION = args.includes('--no-activation');
const JSON_OUT = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const BUDGET = QUICK ? 400 : 1500; // ms of sampling per small case
const SECTIONS = ['q2', 'step', 'seq4', 'seq', 'grad', 'note', 'cli', 'bundle', 'activation', 'incremental'];
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : SECTIONS;
for (const o of ONLY) if (!SECTIONS.includes(o)) throw new Error(`--only: no section '${o}' (${SECTIONS.join(', ')})`);
/** Whether the run times this section (all of them without --only). */
const want = (name) => ONLY.includes(name);

const started = performance.now();
const E = buildEngine();

/**
 * The share of one CPU this process gets while spinning (other work on the machine lowers it),
 * and how fast the spin went (square roots per µs of CPU time): the same code runs at different
 * speeds on this VM from one minute to the next, so runs are compared with this figure beside.
 */
function cpuShare(ms = 300) {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  let x = 0,
    n = 0;
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 1e4; i++) x += Math.sqrt(i);
    n += 1e4;
  }
  const c = process.cpuUsage(c0);
  const cpuUs = c.user + c.system;
  return { share: cpuUs / 1000 / (performance.now() - t0), speed: n / cpuUs, x };
}
/**
 * Random reads over 64 MB, ns per read: the analysis is memory-bound (allocation, pointers), and
 * on this VM its speed follows this figure more than the spin's (a neighbour's load on the shared
 * caches and memory slows it while leaving arithmetic alone).
 */
function memoryProbe() {
  const n = 1 << 23;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  let idx = 12345,
    sum = 0;
  const reads = 2e6;
  const t0 = performance.now();
  for (let k = 0; k < reads; k++) {
    idx = (idx * 1103515245 + 12345) & (n - 1);
    sum += a[idx];
  }
  return { ns: ((performance.now() - t0) * 1e6) / reads, sum };
}
const before = { ...cpuShare(), memoryNs: memoryProbe().ns };
const shareBefore = before.share;
const results = { cases: {}, budgets: [], ratios: [], numerics: [] };

// ── formatting ────────────────────────────────────────────────────────────────────────────
function time(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
function spread(r) {
  return `${time(r.median).padStart(9)}  [p10 ${time(r.p10)} – p90 ${time(r.p90)}, n=${r.n}${r.batch > 1 ? ` ×${r.batch}` : ''}]`;
}
function bytes(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(3)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}
function line(label, text) {
  console.log(`  ${label.padEnd(46)} ${text}`);
}
function section(title) {
  console.log(`\n${title}`);
}
function record(key, r) {
  results.cases[key] = r;
  return r;
}

// ── engine helpers ────────────────────────────────────────────────────────────────────────
/**
 * Runs fn for at least `ms` before it is timed: V8 optimises a function after thousands of calls,
 * and SPEC §10 asks for the warm figure (in the editor the engine is warm after a few edits).
 * The harness's own warm-up (a few calls) suits the millisecond cases, not these.
 */
/** `fn` warmed up (see warm), then timed in auto-sized batches for BUDGET ms, recorded as `key`. */
function timedWarm(key, fn) {
  return record(key, measure(warm(fn), { batch: 'auto', budgetMs: BUDGET }));
}

function warm(fn, ms = QUICK ? 600 : 1500) {
  const end = performance.now() + ms;
  while (performance.now() < end) fn();
  // Then until the speed settles: V8 finishes optimising a big function like the analysis after
  // about a second, sometimes later (a Q2 analysis ran at ~115 µs for 1–3 s, then at ~50 µs).
  // Three 100 ms windows within 10 % of one another, or 5 s more at most.
  const stop = performance.now() + 5000;
  const rates = [];
  for (;;) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 100) {
      fn();
      n++;
    }
    rates.push(n);
    const last = rates.slice(-3);
    if ((last.length === 3 && Math.max(...last) <= 1.1 * Math.min(...last)) || performance.now() > stop) break;
  }
  return fn;
}

/** A timing of a whole sequence as a timing per step (median and spread divided by `steps`). */
function perStepOf(r, steps) {
  return { ...r, median: r.median / steps, p10: r.p10 / steps, p90: r.p90 / steps };
}

function oneBlock(text) {
  const blocks = E.findBlocks(text);
  if (blocks.length !== 1) throw new Error(`expected one block, found ${blocks.length}`);
  return blocks[0];
}

/** Max relative error |a − b| / max(1, |b|), as test/unit/reference.test.ts measures it. */
function maxRel(got, want) {
  let worst = 0;
  if (got.length !== want.length) return Infinity;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
  }
  return worst;
}

// ── the problems ──────────────────────────────────────────────────────────────────────────
const exam = fs.readFileSync(path.join(ROOT, 'examples', 'lstm-exam.md'), 'utf8');
const q2start = exam.indexOf('```lstm', exam.indexOf('## Question 2'));
const q2text = exam.slice(q2start, exam.indexOf('\n```', q2start + 7) + 4) + '\n';

const small = [4, 64].map((H) => ({ name: `lstm-H${H}`, H, problem: G.lectureProblem(G.lstmProblem({ H, D: H, seed: H })) }));
for (const s of small) s.text = G.lectureBlock(s.problem);
const seq = { name: 'lstm-H256-T50', problem: G.lstmProblem({ H: 256, D: 256, T: 50, seed: 256 }) };
seq.text = G.packedBlock(seq.problem);
// The small step in steady state: H = D = 4 unrolled over 50 steps, per step.
const seq4 = { name: 'lstm-H4-T50', problem: G.lstmProblem({ H: 4, D: 4, T: 50, seed: 44 }) };
seq4.text = G.packedBlock(seq4.problem);

// ── torch (its own process, run first and again near the end: see "second round") ──────────
function runTorch(only) {
  if (NO_TORCH || !['step', 'seq4', 'seq'].some(want) || !fs.existsSync('/usr/bin/python3')) return undefined;
  const file = path.join(os.tmpdir(), `rnn-math-bench-${process.pid}.json`);
  const problems = only ?? [...(want('step') ? small : []), ...(want('seq4') ? [seq4] : []), ...(want('seq') ? [seq] : [])];
  fs.writeFileSync(file, JSON.stringify(problems.map((s) => ({ ...s.problem, name: s.name }))));
  const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'torch_lstm.py'), file, QUICK ? '0.3' : '1.0'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  fs.rmSync(file, { force: true });
  try {
    const parsed = JSON.parse(r.stdout);
    if (!parsed.error)
      return { version: parsed.torch, threads: parsed.threads, by: Object.fromEntries(parsed.results.map((x) => [x.name, x])) };
  } catch {
    /* reported below */
  }
  console.log(`torch: not available (${(r.stderr || r.stdout || '').trim().split('\n').pop()})`);
  return undefined;
}
const torch = runTorch();

console.log(
  `rnn-math bench — node ${process.version}, ${os.cpus()[0].model} ×${os.cpus().length}, load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}, ` +
    `this process got ${(shareBefore * 100).toFixed(0)}% of a CPU while spinning, at ${before.speed.toFixed(0)} square roots per µs; ` +
    `random reads over 64 MB ${before.memoryNs.toFixed(1)} ns each`,
);
console.log(
  `baselines: mathjs ${MJ.version} (create(all), evaluate on matrices)${torch ? `, torch ${torch.version} LSTMCell float64, ${torch.threads} thread` : ', torch: not measured'}`,
);
console.log('times are per call: median [p10 – p90, samples ×calls per sample]');

// ── 1. one block like Question 2 ──────────────────────────────────────────────────────────
if (want('q2')) {
  section('1. one block like Question 2 of examples/lstm-exam.md (warm)');
  const a = E.analyzeBlock(oneBlock(q2text));
  const checks = a.checks.map((c) => (c.pass ? '✓' : '✗')).join('');
  // SPEC §10 times the analysis of a block: analyzeBlock reads the block's text (statements,
  // literals, formulas) and analyses it. Finding the block in a document is markdown-it's work,
  // shown beside it (in a note, section 4 times it for the whole document).
  const blk = oneBlock(q2text);
  const r = timedWarm('q2-analyse', () => E.analyzeBlock(blk));
  line('analyse (read the block text + analyse)', spread(r));
  line('find the block (markdown-it) + analyse', spread(timedWarm('q2', () => E.analyzeBlock(E.findBlocks(q2text)[0]))));
  line('checks', `${checks} (the note's two slips are caught)`);
  results.budgets.push({ what: 'one block (Question 2), warm: read + analyse', budget: 0.1, got: r.median, unit: 'ms' });
}

// ── 2. an LSTM step, H = D = 4 and 64; 3. the sequence ────────────────────────────────────
const perStep = {};
if (want('step')) section('2. one LSTM step (lecture form: W_f W_i W_o W_c on [h_prev; x], b_k), analysis alone');
for (const s of want('step') ? small : []) {
  const blk = oneBlock(s.text);
  const analysis = E.analyzeBlock(blk);
  const errs = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length) throw new Error(`${s.name}: ${errs[0].message}`);
  const full = timedWarm(`${s.name}-analyse`, () => E.analyzeBlock(blk));
  const core = coreOf(E, blk, ['h', 'c']);
  const coreR = timedWarm(`${s.name}-core`, () => core.run());
  const step = MJ.stepper(s.problem);
  const mj = record(`${s.name}-mathjs`, measure(step, { batch: 'auto', budgetMs: BUDGET, minSamples: 10 }));
  const H = s.H;
  line(`H=D=${H}: analyseBlock (text → full analysis)`, spread(full));
  line(`H=D=${H}: numeric core (x, h_prev, c_prev → h, c)`, spread(coreR));
  line(`H=D=${H}: mathjs evaluate baseline`, spread(mj));
  const tr = torch?.by[s.name];
  if (tr) line(`H=D=${H}: torch LSTMCell step`, spread({ ...tr.step, batch: 1 }));
  perStep[H] = { full, core: coreR, mj, torch: tr?.step, run: () => core.run() };
  // numerics
  if (tr) {
    const q = (n) => analysis.quantities.find((x) => x.name === n).value.data;
    const err = Math.max(maxRel(q('h'), tr.values.h[0]), maxRel(q('c'), tr.values.c[0]));
    results.numerics.push({ what: `H=D=${H} step (h, c)`, err });
  }
}

if (want('seq4')) {
  section('2b. the small step in steady state: H = D = 4 unrolled over T = 50 (PyTorch packed weights), per step');
  const blk = oneBlock(seq4.text);
  const analysis = E.analyzeBlock(blk);
  const errs = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length) throw new Error(`${seq4.name}: ${errs[0].message}`);
  const perT = (r) => perStepOf(r, 50);
  const full = timedWarm(`${seq4.name}-analyse`, () => E.analyzeBlock(blk));
  const core = coreOf(E, blk, ['h', 'c']);
  const coreR = timedWarm(`${seq4.name}-core`, () => core.run());
  line('analyseBlock, per step (whole block / 50)', spread(perT(full)));
  line('numeric core, per step (50 steps / 50)', spread(perT(coreR)));
  // What a compiled step plan would cost: the engine's own kernels (matrix.ts accumulate and
  // applyInto) in the order the solver applies them, with buffers allocated once.
  const plan = kernelPlan(E, seq4.problem);
  const kern = timedWarm(`${seq4.name}-kernels`, () => plan.run());
  line('engine kernels alone, per step (a step plan)', spread(perT(kern)));
  perStep.seq4kernels = perT(kern);
  perStep.seq4kernelsRun = () => plan.run();
  const kv = plan.run();
  const tr = torch?.by[seq4.name];
  if (tr) {
    line('torch LSTMCell, per step (Python loop / 50)', spread({ ...perT(tr.sequence), batch: 1 }));
    line('torch LSTMCell, one call', spread({ ...tr.step, batch: 1 }));
    let err = 0;
    const val = (n) => analysis.quantities.find((q) => q.name === n).value.data;
    for (let t = 1; t <= 50; t++) err = Math.max(err, maxRel(val(`h_${t}`), tr.values.h[t - 1]), maxRel(val(`c_${t}`), tr.values.c[t - 1]));
    results.numerics.push({ what: 'H=D=4 T=50, every h_t, c_t', err });
    let same = true;
    for (let t = 1; t <= 50; t++)
      for (let j = 0; j < 4; j++) same &&= Object.is(kv.h[t - 1][j], val(`h_${t}`)[j]) && Object.is(kv.c[t - 1][j], val(`c_${t}`)[j]);
    line('  the kernels-alone values', same ? 'bit-identical to the analysis' : 'DIFFER from the analysis');
  }
  perStep.seq4 = { full: perT(full), core: perT(coreR), torchLoop: tr && perT(tr.sequence), torchCall: tr?.step, run: () => core.run() };
}

let seqCore;
if (want('seq')) {
  section('3. a sequence H = D = 256, T = 50 (PyTorch packed weights: 524,288 weights + 50 inputs)');
  console.log(`  block text: ${bytes(seq.text.length)}, ${seq.text.split('\n').length} lines`);
  const blk = oneBlock(seq.text);
  const full = record(
    'seq-analyse',
    measure(() => E.analyzeBlock(blk), { warmup: 1, minSamples: QUICK ? 3 : 5, budgetMs: QUICK ? 2000 : 6000 }),
  );
  const analysis = E.analyzeBlock(blk);
  const limited = analysis.diagnostics.find((d) => d.code === 'limit');
  line('analyseBlock (text → full analysis)', spread(full) + (limited ? '  ⚠ hit the 1 s per-block limit' : ''));
  const statements = E.splitStatements(blk.lines);
  const parse = record(
    'seq-parse',
    measure(
      () => {
        for (const st of statements) if (st.type === 'assign') E.compileExpression(st.rhs, 'lstm');
      },
      { warmup: 1, minSamples: 5, budgetMs: QUICK ? 1500 : 4000 },
    ),
  );
  line('  of which reading the literals (compileExpression)', spread(parse));
  seqCore = coreOf(E, blk, ['h', 'c']);
  const coreR = record(
    'seq-core',
    measure(() => seqCore.run(), { warmup: 2, minSamples: 10, budgetMs: QUICK ? 1000 : 3000 }),
  );
  line('numeric core: 50 steps (x_t → h_t, c_t)', spread(coreR));
  const scope = MJ.scopeOf(seq.problem);
  const mj = record(
    'seq-mathjs',
    measure(() => MJ.sequence(seq.problem, scope), { warmup: 0, minSamples: QUICK ? 1 : 3, budgetMs: 0 }),
  );
  line('mathjs evaluate baseline: 50 steps', spread(mj));
  const tr = torch?.by[seq.name];
  if (tr) line('torch LSTMCell: 50 steps (Python loop)', spread({ ...tr.sequence, batch: 1 }));
  if (tr) line('torch LSTMCell: one step', spread({ ...tr.step, batch: 1 }));
  perStep.seq = { full, core: coreR, mj, torch: tr?.sequence, torchStep: tr?.step, parse, limited: !!limited };
  results.budgets.push({ what: 'H=D=256, T=50 unrolled (analyseBlock)', budget: 200, got: full.median, unit: 'ms' });
  if (tr) {
    const vals = limited ? seqCore.named(seqCore.run()) : Object.fromEntries(analysis.quantities.map((q) => [q.name, q.value]));
    let err = 0;
    for (let t = 1; t <= 50; t++) {
      err = Math.max(err, maxRel(vals[`h_${t}`].data, tr.values.h[t - 1]), maxRel(vals[`c_${t}`].data, tr.values.c[t - 1]));
    }
    results.numerics.push({ what: `H=D=256 T=50, every h_t, c_t${limited ? ' (numeric core: the analysis hit its limit)' : ''}`, err });
  }
}

// ── 3b. backpropagation through time (issue 17) ───────────────────────────────────────────
if (want('grad')) {
  section('3b. the gradient of L = sum(h_50) of an LSTM H = D = 64, T = 50 (grad(L, …), beside torch backward)');
  const problem = G.lstmProblem({ H: 64, D: 64, T: 50, seed: 64 });
  const names = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh', 'h_0'];
  const plain = G.packedBlock(problem);
  const withGrad = plain.replace(/```\n?$/, `L = sum(h_50)\n${names.map((n, i) => `dL${i} = grad(L, ${n})`).join('\n')}\n\`\`\`\n`);
  const [blk0, blk] = [oneBlock(plain), oneBlock(withGrad)];
  const opts = { warmup: 1, minSamples: QUICK ? 3 : 5, budgetMs: QUICK ? 1500 : 4000 };
  const forward = record(
    'grad-forward',
    measure(() => E.analyzeBlock(blk0), opts),
  );
  const full = record(
    'grad-analyse',
    measure(() => E.analyzeBlock(blk), opts),
  );
  line('analyseBlock, the 50 steps alone', spread(forward));
  line('analyseBlock with L and its 5 gradients', spread(full));
  line('  of which the gradients (difference)', time(full.median - forward.median).padStart(9));
  let tr;
  if (!NO_TORCH && fs.existsSync('/usr/bin/python3')) {
    const file = path.join(os.tmpdir(), `rnn-math-bench-grad-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(problem));
    const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'torch_grad.py'), file, QUICK ? '0.5' : '2.0'], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    });
    fs.rmSync(file, { force: true });
    try {
      tr = JSON.parse(r.stdout);
    } catch {
      console.log(`  torch: not available (${(r.stderr || r.stdout || '').trim().split('\n').pop()})`);
    }
  }
  if (tr && !tr.error) {
    line('torch LSTMCell: forward + backward', `${time(tr.total).padStart(9)}  [median, n=${tr.n}]`);
    line('torch: backward alone', `${time(tr.backward).padStart(9)}  [median, n=${tr.n}]`);
    const a = E.analyzeBlock(blk);
    let err = 0;
    names.forEach((n, i) => {
      const q = a.quantities.find((x) => x.name === `dL${i}`);
      err = Math.max(err, q ? maxRel(q.value.data, tr.grads[n]) : Infinity);
    });
    results.numerics.push({ what: 'LSTM H=D=64 T=50, ∂L/∂(weight_ih, weight_hh, bias_ih, bias_hh, h_0) against torch backward', err });
    line('largest relative difference from torch', err.toExponential(2));
  }
}

// ── 4. the long note, a keystroke, an Enter ───────────────────────────────────────────────
const note = G.longNote({ blocks: 1000, lines: 20000 });
if (want('note')) {
  section('4. a generated note: 1,000 blocks, 20,000 lines (DocumentAnalyzer, as the editor uses it)');
  const nLines = note.split('\n').length;
  const first = new E.DocumentAnalyzer().analyze(note);
  console.log(
    `  note: ${nLines.toLocaleString('en')} lines, ${first.blocks.length} blocks, ${bytes(note.length)}; ` +
      `${first.blocks.reduce((n, b) => n + b.analysis.checks.length, 0)} checks, ${first.blocks.reduce((n, b) => n + b.analysis.checks.filter((c) => !c.pass).length, 0)} failing`,
  );
  const full = record(
    'note-full',
    measure(() => new E.DocumentAnalyzer().analyze(note), { warmup: 2, minSamples: QUICK ? 5 : 10, budgetMs: QUICK ? 2000 : 6000 }),
  );
  line('full analysis, cold cache', spread(full));
  const find = record(
    'note-find',
    measure(() => E.findBlocks(note), { warmup: 2, minSamples: 10, budgetMs: QUICK ? 500 : 1500 }),
  );
  line('  of which finding the blocks (the fence scanner; markdown-it when the note needs it)', spread(find));
  // A surface that shows a block's steps asks for them (withSteps: the block analysed again,
  // recording them): the cost of asking for every block's.
  const allParts = record(
    'note-full-read-all',
    measure(
      () => {
        let n = 0;
        for (const b of new E.DocumentAnalyzer().analyze(note).blocks)
          n += b.analysis.quantities.length + E.withSteps(b.block, b.analysis).steps.length;
        return n;
      },
      { warmup: 1, minSamples: QUICK ? 3 : 5, budgetMs: QUICK ? 1500 : 3000 },
    ),
  );
  line("  then every block's quantities and steps read (no surface reads all)", spread(allParts));

  // One keystroke: a digit changes in block 500; each call alternates between the two texts,
  // so every call re-analyses exactly one block and takes the other 999 from the cache.
  const target = note.indexOf('```lstm', Math.floor(note.length / 2));
  const at = note.indexOf('h_prev = [', target) + 'h_prev = [0.'.length;
  const edited = note.slice(0, at) + (note[at] === '9' ? '8' : '9') + note.slice(at + 1);
  const analyzer = new E.DocumentAnalyzer();
  analyzer.analyze(note);
  let flip = false,
    reanalysed = -1;
  const key = record(
    'note-keystroke',
    measure(
      () => {
        flip = !flip;
        reanalysed = analyzer.analyze(flip ? edited : note).analyzed;
      },
      { warmup: 4, minSamples: 20, budgetMs: BUDGET },
    ),
  );
  line('one keystroke (a digit in one block)', spread(key) + `  (re-analysed ${reanalysed} block; path ${analyzer.path})`);

  // Enter at the top: every block moves down a line; none should be analysed again.
  const shifted = '\n' + note;
  const analyzer2 = new E.DocumentAnalyzer();
  analyzer2.analyze(note);
  flip = false;
  let moved = -1,
    how = '';
  const enter = record(
    'note-enter',
    measure(
      () => {
        flip = !flip;
        moved = analyzer2.analyze(flip ? shifted : note).analyzed;
        how = analyzer2.path;
      },
      { warmup: 4, minSamples: 20, budgetMs: BUDGET },
    ),
  );
  line('Enter above every block (1,000 blocks shift)', spread(enter) + `  (re-analysed ${moved} blocks; path ${how})`);
  // …and then the editor refreshes the Problems panel: every block's diagnostics are read, so
  // every moved analysis moves its diagnostics (quantities, checks and steps move when a lens,
  // hover or panel reads them, for the few blocks on screen).
  flip = false;
  const enterRead = record(
    'note-enter-read',
    measure(
      () => {
        flip = !flip;
        let n = 0;
        for (const b of analyzer2.analyze(flip ? shifted : note).blocks) n += b.analysis.diagnostics.length;
        return n;
      },
      { warmup: 4, minSamples: 20, budgetMs: BUDGET },
    ),
  );
  line("  + every block's diagnostics (the editor's refresh)", spread(enterRead));
  // Reading everything of every block afterwards (no surface does).
  flip = false;
  const enterAll = record(
    'note-enter-read-all',
    measure(
      () => {
        flip = !flip;
        let n = 0;
        for (const b of analyzer2.analyze(flip ? shifted : note).blocks) {
          const a = b.analysis;
          n += a.diagnostics.length + a.quantities.length + a.checks.length + b.block.lines.length;
        }
        return n;
      },
      { warmup: 4, minSamples: 20, budgetMs: BUDGET },
    ),
  );
  line('  + every block, quantity and check (no surface reads all)', spread(enterAll));
  results.budgets.push({ what: '1,000-block note, full analysis (cold)', budget: 100, got: full.median, unit: 'ms' });
  results.budgets.push({ what: '1,000-block note, one keystroke', budget: 5, got: key.median, unit: 'ms' });
  results.budgets.push({
    what: '1,000-block note, Enter above all blocks (+ diagnostics)',
    budget: 5,
    got: enterRead.median,
    unit: 'ms',
    note: 'keystroke budget, applied to Enter',
  });
}

// ── 5. the CLI as a whole process ────────────────────────────────────────────────────────
// Issue 13's target: the process within 2 × (node's own start-up + the in-process analysis).
// The three are timed in turns, one of each per round, so that all three meet the same states
// of the machine, and the ratio is of their medians.
if (want('cli')) {
  section('5. `rnn-math check` on that note, as a whole process (node dist/cli.js)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-bench-'));
  const file = path.join(dir, 'note.md');
  fs.writeFileSync(file, note);
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const runs = [],
    nodeOnly = [],
    inProcess = [];
  const cpu = { cli: [], node: [], inProcess: [] };
  let summaryLine = '';
  // CPU time too, which a loaded machine inflates less than wall time: the children's from
  // /proc/self/stat (cutime + cstime, clock ticks of 10 ms, of the children waited for), ours
  // from process.cpuUsage. Linux only; elsewhere the CPU line is left out.
  const childTicks = () => {
    try {
      const stat = fs.readFileSync('/proc/self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
      return (Number(f[13]) + Number(f[14])) * 10;
    } catch {
      return NaN;
    }
  };
  // The in-process analysis warm, as section 4 times it (the process's own analysis is cold:
  // that is part of what the target allows for).
  const analyse = () => new E.DocumentAnalyzer().analyze(note);
  for (let i = 0; i < 3; i++) analyse();
  for (let i = 0; i < (QUICK ? 5 : 11); i++) {
    let t0 = performance.now(),
      c0 = childTicks();
    const r = spawnSync(process.execPath, [cli, 'check', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    runs.push(performance.now() - t0);
    cpu.cli.push(childTicks() - c0);
    summaryLine = r.stdout.trim().split('\n').pop();
    t0 = performance.now();
    c0 = childTicks();
    spawnSync(process.execPath, ['-e', '0']);
    nodeOnly.push(performance.now() - t0);
    cpu.node.push(childTicks() - c0);
    t0 = performance.now();
    const u0 = process.cpuUsage();
    analyse();
    inProcess.push(performance.now() - t0);
    const u = process.cpuUsage(u0);
    cpu.inProcess.push((u.user + u.system) / 1000);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const cliR = record('cli', summarize(runs));
  const nodeR = record('cli-node', summarize(nodeOnly));
  const inR = record('cli-in-process', summarize(inProcess));
  line('node dist/cli.js check note.md', spread(cliR));
  line('  node -e 0 (same rounds)', spread(nodeR));
  line('  the full analysis in-process, warm (same rounds)', spread(inR));
  line('  its summary line', summaryLine);
  const target = 2 * (nodeR.median + inR.median);
  line(
    '  the process / (node -e 0 + the analysis)',
    `${(cliR.median / (nodeR.median + inR.median)).toFixed(2)}×  (target ≤ 2×: ${time(cliR.median)} against ${time(target)})`,
  );
  results.ratios.push({
    what: 'CLI check, 1,000-block note: ≤ 2 × (node -e 0 + in-process analysis)',
    ratio: cliR.median / (nodeR.median + inR.median),
    max: 2,
  });
  const med = (a) => summarize(a).median;
  if (Number.isFinite(med(cpu.cli))) {
    const cpuRatio = med(cpu.cli) / (med(cpu.node) + med(cpu.inProcess));
    line(
      '  in CPU time: the process / (node -e 0 + the analysis)',
      `${cpuRatio.toFixed(2)}×  (${time(med(cpu.cli))} / (${time(med(cpu.node))} + ${time(med(cpu.inProcess))}); every thread, V8's compiler and GC helpers too)`,
    );
    results.ratios.push({ what: 'CLI check, the same in CPU time', ratio: cpuRatio, max: 2, info: true });
  }
}

// ── 6. bundle size ────────────────────────────────────────────────────────────────────────
let bundleContents;
if (want('bundle') || want('activation')) {
  section('6. bundle size (npm run build:prod settings)');
  const ext = path.join(ROOT, 'dist', 'extension.js');
  // The bundle exactly as build:prod makes it (minified, no source map), built here so that a
  // concurrent dev build of dist/ cannot skew the figure; dist/extension.js is shown beside it.
  let size = NaN,
    katexSize = 0,
    markdownItSize = 0,
    meta;
  try {
    const esbuild = require('esbuild');
    const r = esbuild.buildSync({
      entryPoints: [path.join(ROOT, 'src/extension/extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // katex and markdown-it external: esbuild.js points them at dist/katex.js (loaded with the
      // first formula) and dist/markdown-it.js (loaded with the first analysis)
      target: 'node20',
      minify: true,
      write: false,
      metafile: true,
      external: ['vscode', 'katex', 'markdown-it'],
      loader: { '.md': 'text', '.code-snippets': 'text' }, // the walkthrough's example note and the snippets, as esbuild.js bundles them
      logLevel: 'silent',
    });
    size = r.outputFiles[0].contents.length;
    const apart = (pkg) =>
      esbuild.buildSync({
        entryPoints: [require.resolve(pkg, { paths: [ROOT] })],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        minify: true,
        write: false,
        logLevel: 'silent',
      }).outputFiles[0].contents.length;
    katexSize = apart('katex');
    markdownItSize = apart('markdown-it');
    bundleContents = r.outputFiles[0].contents;
    const by = {};
    for (const [f, v] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f);
      const k = m ? m[1] : f.split('/').slice(0, 2).join('/');
      by[k] = (by[k] || 0) + v.bytesInOutput;
    }
    meta = Object.entries(by).sort((a, b) => b[1] - a[1]);
  } catch (e) {
    line('  (esbuild failed)', String(e.message || e));
  }
  const distSize = fs.existsSync(ext) ? fs.statSync(ext).size : NaN;
  line(
    'extension bundle (minified)',
    `${bytes(size)}  (dist/extension.js on disk: ${bytes(distSize)}${Math.abs(distSize - size) > 1024 ? ' — a dev build replaced it' : ''})`,
  );
  // The web worker host's one file (package.json `browser`): the engine, surfaces, KaTeX and
  // markdown-it together, as `npm run build:prod` left it.
  const webExt = path.join(ROOT, 'dist', 'web', 'extension.js');
  const webSize = fs.existsSync(webExt) ? fs.statSync(webExt).size : NaN;
  line('web extension bundle (dist/web/extension.js, KaTeX and markdown-it inside)', bytes(webSize));
  // The files the .vsix ships besides the bundles: the `!` lines of .vscodeignore (a file, or a
  // folder's `/**`), dist/ left out since the bundles are counted above.
  const shipped = [];
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else shipped.push(p);
  };
  for (const l of fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n')) {
    const m = /^!(.+?)(\/\*\*)?$/.exec(l.trim());
    if (m && !m[1].startsWith('dist/')) walk(path.join(ROOT, m[1].replace(/^out\/README\.vsix\.md$/, 'README.md')));
  }
  const rest = shipped.reduce((n, f) => n + fs.statSync(f).size, 0);
  const restZ = shipped.reduce((n, f) => n + zlib.deflateRawSync(fs.readFileSync(f), { level: 9 }).length, 0);
  // One host loads its own bundles: the Node host three, the web worker host one.
  const total = Math.max(size + katexSize + markdownItSize, webSize) + rest;
  line('markdown-it bundle (dist/markdown-it.js, loaded with the first analysis)', bytes(markdownItSize));
  line('KaTeX bundle (dist/katex.js, loaded with the first formula)', bytes(katexSize));
  line(
    `everything one extension host loads (its bundles + ${shipped.length} files)`,
    `${bytes(total)} (media, syntaxes, snippets, package.json: ${bytes(rest)}; ≈ ${bytes(restZ)} + bundle deflated in a .vsix)`,
  );
  if (meta) {
    line(
      '  largest parts of the bundle',
      meta
        .slice(0, 6)
        .map(([k, v]) => `${k} ${bytes(v)}`)
        .join(', '),
    );
  }
  if (want('bundle')) {
    results.budgets.push({ what: 'bundled extension (minified extension.js)', budget: 1.2e6, got: size, unit: 'B' });
    results.budgets.push({ what: 'bundled web extension (dist/web/extension.js)', budget: 1.2e6, got: webSize, unit: 'B' });
    results.budgets.push({
      what: 'everything one extension host loads (uncompressed)',
      budget: 1.2e6,
      got: total,
      unit: 'B',
      note: 'stricter reading',
    });
  }
  results.shipped = { total, size };
}

// ── 7. activation ─────────────────────────────────────────────────────────────────────────
let activation;
if (want('activation')) section('7. activation in the real VS Code of the e2e tests (code-server)');
if (!want('activation')) {
  // not asked for (--only)
} else if (NO_ACTIVATION) {
  console.log('  activation: not measured (--no-activation)');
} else {
  // The extension staged as it ships (package.json, the minified bundle built in section 6,
  // media, syntaxes, snippets), so a concurrent dev build of dist/ cannot change what is timed.
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-ext-'));
  try {
    fs.mkdirSync(path.join(stage, 'dist'));
    fs.writeFileSync(path.join(stage, 'dist', 'extension.js'), bundleContents);
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
    for (const d of ['media', 'syntaxes', 'snippets'])
      if (fs.existsSync(path.join(ROOT, d))) fs.cpSync(path.join(ROOT, d), path.join(stage, d), { recursive: true });
    activation = measureActivation({ root: stage, tests: path.join(__dirname, 'activation', 'index.js'), runs: QUICK ? 1 : 3 });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  if (activation.error) console.log(`  activation: not measured (${activation.error})`);
  else {
    line('extension.activate() (require + activate)', spread(activation.result));
    if (activation.raw) line('  each run (a fresh server and extension host)', activation.raw.ms.map((x) => time(x)).join(', '));
    if (activation.vscode) line('  host', activation.vscode);
  }
}
if (activation && !activation.error)
  results.budgets.push({ what: 'activation (real VS Code)', budget: 150, got: activation.result.median, unit: 'ms' });
else if (want('activation'))
  results.budgets.push({ what: 'activation (real VS Code)', budget: 150, got: NaN, unit: 'ms', note: 'not measured' });

// ── the incremental paths are exact ──────────────────────────────────────────────────────
if (want('incremental')) {
  section('incremental document analysis: random edits vs. the full path (bench/check-incremental.js)');
  const { fuzz } = require('./check-incremental');
  const t0 = performance.now();
  const f = fuzz(E, QUICK ? 300 : 800, 20261128);
  line(`${QUICK ? 300 : 800} random edits`, `${f.fails} differences; paths ${JSON.stringify(f.paths)} (${time(performance.now() - t0)})`);
  line('a block analysed at another line', `${f.movedDiffs} differences in ${f.moved} blocks`);
  results.incremental = f;
  results.budgets.push({ what: 'incremental paths equal the full path', budget: 1, got: f.fails, unit: 'count' });
}

// ── second round ──────────────────────────────────────────────────────────────────────────
// The machine's speed drifts by up to 2× over minutes, and torch (timed first, in its own
// process) and our cores (timed later) can meet different stretches of it. So both sides are
// timed again here, at the end of the run, and each ratio compares the faster median of each
// side: the same rule for both.
if (torch) {
  section("second round: torch and the numeric cores timed again (each ratio takes each side's faster round)");
  const torch2 = runTorch();
  const faster = (a, b) => (b && (!a || b.median < a.median) ? b : a);
  const again = (key, fn, per = 1) => {
    const r = record(key, measure(warm(fn, QUICK ? 300 : 600), { batch: 'auto', budgetMs: BUDGET }));
    return perStepOf(r, per);
  };
  if (want('step')) {
    const c4 = again('lstm-H4-core-2', perStep[4].run);
    line('H=D=4: numeric core', `${spread(c4)}  (first round ${time(perStep[4].core.median)})`);
    const t4 = torch2?.by[small[0].name]?.step;
    if (t4) line('H=D=4: torch LSTMCell step', `${spread({ ...t4, batch: 1 })}  (first round ${time(perStep[4].torch?.median)})`);
    perStep[4].core = faster(perStep[4].core, c4);
    perStep[4].torch = faster(perStep[4].torch, t4);
  }
  if (want('seq4')) {
    const s4 = again('lstm-H4-T50-core-2', perStep.seq4.run, 50);
    line('H=D=4, T=50: numeric core, per step', `${spread(s4)}  (first round ${time(perStep.seq4.core.median)})`);
    const k4 = again('lstm-H4-T50-kernels-2', perStep.seq4kernelsRun, 50);
    line('H=D=4, T=50: engine kernels alone, per step', `${spread(k4)}  (first round ${time(perStep.seq4kernels.median)})`);
    const tr4 = torch2?.by[seq4.name];
    if (tr4) {
      const loop = perStepOf(tr4.sequence, 50);
      line(
        'H=D=4, T=50: torch LSTMCell, per step (loop / 50)',
        `${spread({ ...loop, batch: 1 })}  (first round ${time(perStep.seq4.torchLoop?.median)})`,
      );
      line(
        'H=D=4, T=50: torch LSTMCell, one call',
        `${spread({ ...tr4.step, batch: 1 })}  (first round ${time(perStep.seq4.torchCall?.median)})`,
      );
      perStep.seq4.torchLoop = faster(perStep.seq4.torchLoop, loop);
      perStep.seq4.torchCall = faster(perStep.seq4.torchCall, tr4.step);
    }
    perStep.seq4.core = faster(perStep.seq4.core, s4);
    perStep.seq4kernels = faster(perStep.seq4kernels, k4);
  }
  if (want('seq')) {
    const c256 = record(
      'seq-core-2',
      measure(() => seqCore.run(), { warmup: 2, minSamples: 10, budgetMs: QUICK ? 1000 : 3000 }),
    );
    line('H=D=256, T=50: numeric core', `${spread(c256)}  (first round ${time(perStep.seq.core.median)})`);
    const t256 = torch2?.by[seq.name]?.sequence;
    if (t256)
      line(
        'H=D=256, T=50: torch LSTMCell (Python loop)',
        `${spread({ ...t256, batch: 1 })}  (first round ${time(perStep.seq.torch?.median)})`,
      );
    perStep.seq.core = faster(perStep.seq.core, c256);
    perStep.seq.torch = faster(perStep.seq.torch, t256);
  }
}

function ratioOf(a, b) {
  return a && b ? a / b : NaN;
}

function fmtRatio(x) {
  return Number.isFinite(x)
    ? `${x < 0.1 ? x.toFixed(3) : x.toFixed(2)}×  (${x < 1 ? `${(1 / x).toFixed(1)}× faster` : `${x.toFixed(1)}× slower`})`
    : 'n/a';
}

// ── side by side ──────────────────────────────────────────────────────────────────────────
// Rounds timed one after the other can still meet different states of the machine (torch's step
// took 27 µs in one round and 52 µs in the next of the same run), and each of this VM's two CPUs
// has its own: timed at the same moment, the same core took 5.0 µs on one CPU and 2.2 µs on the
// other, and each CPU flips between the two within seconds. So torch and our core share one CPU
// here (taskset), in the same windows: torch waits for a signal, then both time the same seconds,
// running in alternate time slices of that CPU, so both meet the same state of it. Their ratio is
// the one the ≥ 10× targets are held to; the sequential rounds' ratios stay beside it.
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function waitForFile(file, ms) {
  const end = Date.now() + ms;
  while (!fs.existsSync(file)) {
    if (Date.now() > end) return false;
    sleep(2);
  }
  return true;
}

/** Each problem's torch step (and sequence), timed while `ours[i]` runs for the same windows. */
function sideBySide(problems, ours, seconds) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-side-by-side-'));
  const file = path.join(dir, 'problems.json');
  fs.writeFileSync(file, JSON.stringify(problems.map((s) => ({ ...s.problem, name: s.name }))));
  // Every thread of this process, and torch's, on CPU 0 for the windows; all CPUs again after.
  const pin = (cpus) => spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0;
  if (!pin('0')) return undefined;
  const child = spawn(
    'taskset',
    ['-c', '0', '/usr/bin/python3', path.join(__dirname, 'torch_lstm.py'), file, '--paired', dir, String(seconds)],
    { stdio: 'ignore', env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } },
  );
  try {
    if (!waitForFile(path.join(dir, 'ready'), 60_000)) return undefined;
    fs.writeFileSync(path.join(dir, 'go'), '');
    // torch times each problem's step for `seconds`; ours runs for the same windows.
    const mine = ours.map((fn) => measure(fn, { batch: 'auto', budgetMs: seconds * 1000, minSamples: 15, maxSamples: Infinity }));
    if (!waitForFile(path.join(dir, 'results.json'), 60_000)) return undefined;
    sleep(50); // the file is written in one go; give the write a moment to finish
    const theirs = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    return problems.map((p, i) => ({ ours: mine[i], torch: theirs.results[i] }));
  } catch {
    return undefined;
  } finally {
    child.kill();
    pin(`0-${os.cpus().length - 1}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let paired;
if (torch && want('step') && want('seq4')) {
  const seconds = QUICK ? 1 : 3;
  section(`side by side: torch (its own process) and our numeric core sharing CPU 0, timed in the same ${seconds} s windows`);
  const r = sideBySide([small[0], seq4], [perStep[4].run, perStep.seq4.run], seconds);
  if (!r) console.log('  not measured: taskset or torch did not start, or torch did not answer in time');
  else {
    const [one, s50] = r;
    const seqCore = perStepOf(s50.ours, 50);
    line('H=D=4: numeric core', spread(one.ours));
    line('H=D=4: torch LSTMCell step (same windows)', spread({ ...one.torch.step, batch: 4 }));
    line('H=D=4, T=50: numeric core, per step', spread(seqCore));
    line('H=D=4, T=50: torch LSTMCell step (same windows)', spread({ ...s50.torch.step, batch: 4 }));
    paired = { step: ratioOf(one.ours.median, one.torch.step.median), seq: ratioOf(seqCore.median, s50.torch.step.median) };
    line('H=D=4 step: core / torch, side by side', fmtRatio(paired.step));
    line('H=D=4 T=50, per step: core / torch, side by side', fmtRatio(paired.seq));
  }
}

// ── in turns: the H=D=256 sequence ───────────────────────────────────────────────────────
// The two rounds above time torch and our core minutes apart, and on this shared VM the same
// code's speed changes by 2× and more within minutes. So the H=D=256 target is held to rounds in
// turns: torch's 50 steps (its own process, ~1 s of samples), then our core for ~1 s, five
// times; each round's ratio compares two medians taken seconds apart, and the target takes the
// median of the rounds' ratios.
let turns;
if (torch && want('seq')) {
  section('in turns: the H=D=256, T=50 sequence, torch then our numeric core, five rounds');
  const ratios = [];
  for (let k = 0; k < 5; k++) {
    const t = runTorch([seq])?.by[seq.name]?.sequence;
    const o = measure(() => seqCore.run(), { warmup: 1, minSamples: 5, budgetMs: QUICK ? 500 : 1000 });
    if (!t) break;
    ratios.push(o.median / t.median);
    line(`round ${k + 1}: core / torch`, `${time(o.median)} / ${time(t.median)} = ${(o.median / t.median).toFixed(2)}×`);
  }
  if (ratios.length) {
    turns = summarize(ratios).median;
    line("median of the rounds' ratios", fmtRatio(turns));
  }
}

// ── ratios ────────────────────────────────────────────────────────────────────────────────
// torch's per-step figure for the small cell: the faster of one call and the loop's average.
const torchStep4 = perStep.seq4?.torchCall ? Math.min(perStep.seq4.torchCall.median, perStep.seq4.torchLoop.median) : undefined;
section(`ratios (ours / theirs${torch ? ", each side's faster of two rounds" : ''}; < 1 means we are faster)`);
const ratio = ratioOf;
const fmtR = fmtRatio;
for (const H of want('step') ? [4, 64] : []) {
  const p = perStep[H];
  line(`H=D=${H} step: core / torch`, fmtR(ratio(p.core.median, p.torch?.median)));
  line(`H=D=${H} step: full analysis / torch`, fmtR(ratio(p.full.median, p.torch?.median)));
  line(`H=D=${H} step: core / mathjs`, fmtR(ratio(p.core.median, p.mj.median)));
  line(`H=D=${H} step: full analysis / mathjs`, fmtR(ratio(p.full.median, p.mj.median)));
}
if (want('seq4')) {
  const p = perStep.seq4;
  line('H=D=4 T=50, per step: core / torch (loop)', fmtR(ratio(p.core.median, p.torchLoop?.median)));
  line('H=D=4 T=50, per step: core / torch (one call)', fmtR(ratio(p.core.median, p.torchCall?.median)));
  line('H=D=4 T=50, per step: full analysis / torch (one call)', fmtR(ratio(p.full.median, p.torchCall?.median)));
  line('H=D=4 T=50, per step: engine kernels alone / torch', fmtR(ratio(perStep.seq4kernels.median, torchStep4)));
}
if (want('seq')) {
  const p = perStep.seq;
  line('H=D=256 T=50: core / torch', fmtR(ratio(p.core.median, p.torch?.median)));
  line(
    'H=D=256 T=50: full analysis / torch',
    fmtR(ratio(p.full.median, p.torch?.median)) + (p.limited ? ' (analysis stopped at its 1 s limit)' : ''),
  );
  line('H=D=256 T=50: core / mathjs', fmtR(ratio(p.core.median, p.mj.median)));
}
// The ≥ 10× targets are held to the side-by-side ratios when they were measured (see above);
// the sequential rounds' ratios are then shown beside them.
const sequentialInfo = paired !== undefined;
results.ratios.push(
  ...(paired
    ? [
        { what: 'H=D=4 step vs torch LSTMCell: ≥ 10× faster (core, side by side)', ratio: paired.step, max: 0.1 },
        { what: 'H=D=4 step in a T=50 sequence vs torch: ≥ 10× faster (core, side by side)', ratio: paired.seq, max: 0.1 },
      ]
    : []),
  ...(want('step')
    ? [
        {
          what: 'H=D=4 step vs torch LSTMCell: ≥ 10× faster (core)',
          ratio: ratio(perStep[4].core.median, perStep[4].torch?.median),
          max: 0.1,
          info: sequentialInfo,
        },
        {
          what: 'H=D=4 step vs torch LSTMCell: ≥ 10× faster (full analysis)',
          ratio: ratio(perStep[4].full.median, perStep[4].torch?.median),
          max: 0.1,
          info: true,
        },
      ]
    : []),
  ...(want('seq4')
    ? [
        {
          what: 'H=D=4 step in a T=50 sequence vs torch: ≥ 10× faster (core)',
          ratio: ratio(perStep.seq4.core.median, torchStep4),
          max: 0.1,
          info: sequentialInfo,
        },
        {
          what: 'H=D=4 step in a T=50 sequence vs torch: ≥ 10× faster (full analysis)',
          ratio: ratio(perStep.seq4.full.median, torchStep4),
          max: 0.1,
          info: true,
        },
        {
          what: 'H=D=4 step vs torch: ≥ 10× faster (engine kernels alone: a step plan)',
          ratio: ratio(perStep.seq4kernels.median, torchStep4),
          max: 0.1,
        },
      ]
    : []),
  ...(want('seq')
    ? [
        ...(turns !== undefined ? [{ what: 'H=D=256 T=50 vs torch: within 2× (core, in turns)', ratio: turns, max: 2 }] : []),
        {
          what: 'H=D=256 T=50 vs torch: within 2× (core)',
          ratio: ratio(perStep.seq.core.median, perStep.seq.torch?.median),
          max: 2,
          info: turns !== undefined,
        },
        {
          what: 'H=D=256 T=50 vs torch: within 2× (full analysis)',
          ratio: ratio(perStep.seq.full.median, perStep.seq.torch?.median),
          max: 2,
          info: true,
        },
      ]
    : []),
);

// ── numerics ──────────────────────────────────────────────────────────────────────────────
section('numerics: max relative error vs torch float64 (|ours − torch| / max(1, |torch|))');
if (!torch) console.log('  not checked: torch is not available');
for (const n of results.numerics) line(n.what, `${n.err.toExponential(2)}  ${n.err <= 1e-12 ? 'PASS' : 'FAIL'} (≤ 1e-12)`);

// ── the table ─────────────────────────────────────────────────────────────────────────────
section('SPEC §10 budgets and issue #5 targets');
const rows = [];
for (const b of results.budgets) {
  const got = b.unit === 'B' ? bytes(b.got) : b.unit === 'count' ? `${b.got} differences` : time(b.got);
  const lim = b.unit === 'B' ? bytes(b.budget) : b.unit === 'count' ? '0 differences' : time(b.budget);
  const op = b.unit === 'count' ? '' : '< ';
  const verdict = Number.isNaN(b.got) ? 'NOT MEASURED' : b.got < b.budget ? 'PASS' : 'FAIL';
  rows.push([b.what, `${op}${lim}`, got, verdict]);
}
for (const n of results.numerics) rows.push([`numerics: ${n.what}`, '≤ 1e-12', n.err.toExponential(1), n.err <= 1e-12 ? 'PASS' : 'FAIL']);
for (const r of results.ratios) {
  // Full-analysis rows read the block's text, which torch is spared (it is handed tensors): shown
  // beside the like-for-like core rows, not held to the target.
  const verdict = !Number.isFinite(r.ratio)
    ? 'NOT MEASURED'
    : r.info
      ? `info (${r.ratio <= r.max ? 'within' : 'over'})`
      : r.ratio <= r.max
        ? 'PASS'
        : 'FAIL';
  rows.push([r.what, `≤ ${r.max}×`, Number.isFinite(r.ratio) ? `${r.ratio.toFixed(3)}×` : 'n/a', verdict]);
}
const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['what', 'budget', 'measured', 'verdict'][i].length));
const row = (r) => `  | ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log(row(['what', 'budget', 'measured', 'verdict']));
console.log(`  |${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(row(r));
const after = { ...cpuShare(), memoryNs: memoryProbe().ns };
const shareAfter = after.share;
console.log(
  `\nbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s (load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ` +
    `CPU share ${(shareBefore * 100).toFixed(0)}% at the start, ${(shareAfter * 100).toFixed(0)}% at the end: below ~90%, other work on the machine inflates every time above; ` +
    `spin speed ${before.speed.toFixed(0)} → ${after.speed.toFixed(0)} square roots per µs, random reads ${before.memoryNs.toFixed(1)} → ${after.memoryNs.toFixed(1)} ns: ` +
    `a slower spin or slower reads mean a slower machine for the same code)`,
);
results.cpuShare = [shareBefore, shareAfter];
results.spinSpeed = [before.speed, after.speed];
results.memoryNs = [before.memoryNs, after.memoryNs];
if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
