// The gradient-through-time surfaces (issue 17): the card's table and log-scale chart, their text
// alternative, and the hover's one-line summary, drawn from hand-made GradientReport values.
import * as assert from 'assert';
import type { GradientReport, Quantity } from '../../src/engine/types';
import { renderCard } from '../../src/markdown/solution/card';
import {
  CHART,
  chartDescription,
  chartGeometry,
  chartTitle,
  decadeLabel,
  renderGradientChart,
} from '../../src/markdown/solution/gradientChart';
import { gradientSummary, normText } from '../../src/markdown/solution/gradientText';
import { MAX_GRADIENT_ROWS, gradientTable, renderGradients } from '../../src/markdown/solution/gradients';
import { panelBody } from '../../src/markdown/solution/page';
import { exploding, fiftySteps, lstmTwoSeries, lstmWith, oneStep, rnnWith, series, vanishing, withZeroAndTiny } from './gradientFixtures';
import { mat, rnnSequence, OPTIONS } from './solutionFixtures';
import { assertBalanced, assertInert } from './solutionHtml';

/** k and the cells of every row of the gradient table. */
function tableRows(html: string): { k: number; cells: string[] }[] {
  const out: { k: number; cells: string[] }[] = [];
  const re = /<tr><th scope="row">(\d+)<\/th>(.*?)<\/tr>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    out.push({ k: Number(m[1]), cells: [...m[2].matchAll(/<td class="rnn-value">([^<]*)<\/td>/g)].map((c) => c[1]) });
  }
  return out;
}

function attribute(svg: string, name: string): string | undefined {
  return new RegExp(`<svg[^>]* ${name}="([^"]*)"`).exec(svg)?.[1];
}

function report(norms: number[], steps = norms.length - 1): GradientReport {
  return { ...vanishing(), steps, series: [series(`h_${steps}`, steps, norms)] };
}

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '</svg></div><b>x'];

describe('gradient table', () => {
  it('lists ‖∂h_T/∂h_k‖ for every k from 0 to T', () => {
    const rows = tableRows(gradientTable(vanishing().series, 4));
    assert.deepStrictEqual(
      rows.map((r) => [r.k, ...r.cells]),
      [
        [0, '0.03'],
        [1, '0.07'],
        [2, '0.17'],
        [3, '0.42'],
        [4, '1'],
      ],
    );
  });

  it('gives an LSTM the cell-state column ‖∂c_T/∂c_k‖ beside the hidden one', () => {
    const html = gradientTable(lstmTwoSeries().series, 4);
    assert.deepStrictEqual(tableRows(html)[0], { k: 0, cells: ['0.002', '0.52'] });
    assert.deepStrictEqual(tableRows(html)[4], { k: 4, cells: ['1.41', '1.41'] });
    assert.strictEqual((html.match(/<th scope="col">/g) ?? []).length, 3);
  });

  it('writes norms with three significant digits however many decades down they are', () => {
    assert.deepStrictEqual(
      [0.000123, 1.23456e-5, 0.0123, 27, 1e-300, 0, Infinity, 0.42].map((v) => normText(v, 4)),
      ['0.000123', '1.23e-5', '0.0123', '27', '1e-300', '0', '∞', '0.42'],
    );
  });

  it('keeps the first and last rows of a long sequence and says how many it left out', () => {
    const norms = Array.from({ length: 1001 }, (_, k) => Math.pow(0.99, 1000 - k));
    const html = gradientTable([series('h_1000', 1000, norms)], 4);
    const rows = tableRows(html);
    assert.strictEqual(rows.length, MAX_GRADIENT_ROWS);
    assert.deepStrictEqual([rows[0].k, rows[99].k, rows[100].k, rows[199].k], [0, 99, 901, 1000]);
    assert.match(html, /… k = 100…900: 801 rows not shown \(the chart has every k\)/);
  });
});

describe('gradient chart geometry', () => {
  it('labels the decades a vanishing series spans: 10⁰, 10⁻¹, 10⁻²', () => {
    const g = chartGeometry(vanishing());
    assert.deepStrictEqual([g.low, g.high], [-2, 0]);
    assert.deepStrictEqual(
      g.decades.map((d) => [d.label, d.y]),
      [
        ['10⁰', CHART.top],
        ['10⁻¹', 92],
        ['10⁻²', CHART.bottom],
      ],
    );
  });

  it('puts k = 0 on the left edge, k = T on the right and each norm at its log height', () => {
    const [s] = chartGeometry(vanishing()).series;
    // 0.03: log10 = −1.5229, 0.4771 of the two decades above the floor: 170 − 0.2386·156 = 132.8
    assert.deepStrictEqual(
      s.points.map((p) => [p.k, p.x, p.y, p.status]),
      [
        [0, 54, 132.8, 'ok'],
        [1, 136.5, 104.1, 'ok'],
        [2, 219, 74, 'ok'],
        [3, 301.5, 43.4, 'ok'],
        [4, 384, 14, 'ok'],
      ],
    );
  });

  it('runs an exploding series up to 10²: 27 at k = 0 sits 1.43 decades up', () => {
    const g = chartGeometry(exploding());
    assert.deepStrictEqual(
      g.decades.map((d) => d.label),
      ['10²', '10¹', '10⁰'],
    );
    assert.deepStrictEqual([g.series[0].points[0].y, g.series[0].points[4].y], [58.4, CHART.bottom]);
  });

  it('draws the same coordinates in the SVG', () => {
    const svg = renderGradientChart(vanishing());
    assert.match(svg, /<path class="rnn-chart__line" d="M54 132\.8L136\.5 104\.1L219 74L301\.5 43\.4L384 14"/);
    assert.match(svg, /<circle class="rnn-chart__point" cx="54" cy="132\.8"/);
    for (const label of ['10⁰', '10⁻¹', '10⁻²']) assert.ok(svg.includes(`>${label}</text>`), label);
  });

  it('clamps a zero and a 1e-300 norm to a floor a decade below the rest, with a note, and no NaN', () => {
    const r = withZeroAndTiny();
    const g = chartGeometry(r);
    assert.strictEqual(g.low, -3, 'the 0.01 at k = 2 stays above the floor it would otherwise share');
    assert.deepStrictEqual(
      g.series[0].points.map((p) => [p.k, p.y, p.status]),
      [
        [0, CHART.bottom, 'floor'],
        [1, CHART.bottom, 'floor'],
        [2, 118, 'ok'],
        [3, 66, 'ok'],
        [4, 14, 'ok'],
      ],
    );
    const html = renderGradients(r, 4);
    assert.ok(!/NaN|Infinity|undefined/.test(renderGradientChart(r)));
    assert.match(html, /‖∂h_4\/∂h_k‖ at k = 0, 1 is 0 or below the axis floor 10⁻³: drawn on the floor \(the table has the values\)\./);
    assert.match(renderGradientChart(r), /rnn-chart__point rnn-chart__point--clamped" cx="54" cy="170"/);
  });

  it('joins a clamped point to its neighbours with a dotted link, not the solid line of the norms', () => {
    const svg = renderGradientChart(withZeroAndTiny());
    assert.match(svg, /<path class="rnn-chart__line" d="M219 118L301\.5 66L384 14"/);
    assert.match(
      svg,
      /<path class="rnn-chart__link" d="M54 170L136\.5 170M136\.5 170L219 118" stroke-width="1\.5" stroke-dasharray="1 3"\/>/,
    );
  });

  it('draws an infinite norm at the top of the axis and breaks the line at a NaN', () => {
    const r = report([Infinity, NaN, 0.5, 1]);
    const g = chartGeometry(r);
    assert.deepStrictEqual(
      g.series[0].points.map((p) => p.status),
      ['ceiling', 'missing', 'ok', 'ok'],
    );
    const svg = renderGradientChart(r);
    assert.match(svg, /<path class="rnn-chart__line" d="M274 61L384 14"/);
    assert.ok(!/NaN|Infinity|undefined/.test(svg.replace(/<desc>.*<\/desc>/, '')));
    assert.match(chartDescription(r), /overflows \(∞\): drawn at the top of the axis.*at k = 1 is not a number: the line breaks there/);
  });

  it('spans five decades and ticks every fifth step over T = 50', () => {
    const g = chartGeometry(fiftySteps());
    assert.deepStrictEqual([g.low, g.high], [-5, 0]);
    assert.deepStrictEqual(
      g.ticks.map((t) => t.k),
      [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50],
    );
    assert.strictEqual(
      (renderGradientChart(fiftySteps()).match(/<circle class="rnn-chart__point/g) ?? []).length,
      51 + 1,
      'every point and the legend',
    );
  });

  it('draws T = 1 from edge to edge with a tick at each end', () => {
    const g = chartGeometry(oneStep());
    assert.deepStrictEqual(
      g.ticks.map((t) => [t.k, t.x]),
      [
        [0, CHART.left],
        [1, CHART.width - CHART.right],
      ],
    );
    assert.deepStrictEqual([g.low, g.high], [-1, 0]);
  });

  it('draws T = 1,000 as one line without markers, ticked every 100 steps', () => {
    const r = report(Array.from({ length: 1001 }, (_, k) => Math.pow(0.99, 1000 - k)));
    const svg = renderGradientChart(r);
    assert.deepStrictEqual(
      chartGeometry(r).ticks.map((t) => t.k),
      [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
    );
    assert.strictEqual((/<path class="rnn-chart__line" d="([^"]*)"/.exec(svg)?.[1].match(/[ML]/g) ?? []).length, 1001);
    assert.strictEqual((svg.match(/<circle/g) ?? []).length, 1, 'only the legend’s marker');
  });

  it('puts a series of zeros on the floor of a one-decade axis', () => {
    const g = chartGeometry(report([0, 0, 0]));
    assert.deepStrictEqual([g.low, g.high], [-1, 0]);
    assert.ok(g.series[0].points.every((p) => p.status === 'floor' && p.y === CHART.bottom));
    assert.ok(!/NaN|Infinity|undefined/.test(renderGradientChart(report([0, 0, 0]))));
  });

  it('writes negative exponents as superscripts', () => {
    assert.deepStrictEqual([0, -1, -12, 3].map(decadeLabel), ['10⁰', '10⁻¹', '10⁻¹²', '10³']);
  });
});

describe('gradient chart text alternative', () => {
  it('is an image named by its title, the series and the steps', () => {
    const svg = renderGradientChart(lstmTwoSeries());
    assert.strictEqual(attribute(svg, 'role'), 'img');
    assert.strictEqual(attribute(svg, 'aria-label'), '‖∂h_4/∂h_k‖ and ‖∂c_4/∂c_k‖ over k = 0…4, log scale');
    assert.match(svg, /<title>‖∂h_4\/∂h_k‖ and ‖∂c_4\/∂c_k‖ over k = 0…4, log scale<\/title>/);
    assert.strictEqual(chartTitle(vanishing()), '‖∂h_4/∂h_k‖ over k = 0…4, log scale');
  });

  it('reads every value out in its description', () => {
    assert.strictEqual(
      chartDescription(vanishing()),
      'Norm axis from 10⁻² to 10⁰. ‖∂h_4/∂h_k‖: k = 0: 0.03; k = 1: 0.07; k = 2: 0.17; k = 3: 0.42; k = 4: 1.',
    );
    assert.match(renderGradientChart(vanishing()), /<desc>Norm axis from 10⁻² to 10⁰\. ‖∂h_4\/∂h_k‖: k = 0: 0\.03;/);
  });

  it('gives the ends of a long series and points to the table for the rest', () => {
    assert.match(chartDescription(fiftySteps()), /‖∂h_50\/∂h_k‖: k = 0: 1\.43e-5 … k = 50: 1 \(every value is in the table\)\./);
  });

  it('tells the series apart by dash and marker, not by colour alone', () => {
    const svg = renderGradientChart(lstmTwoSeries());
    assert.match(svg, /rnn-chart__series--0[^>]*><path class="rnn-chart__line" d="[^"]*" stroke-width="2"\/><circle/);
    assert.match(svg, /rnn-chart__series--1[^>]*><path class="rnn-chart__line" d="[^"]*" stroke-width="2" stroke-dasharray="6 3"\/><rect/);
  });

  it('needs no style attribute (the step panel’s CSP drops them) and takes its colours from currentColor', () => {
    const svg = renderGradientChart(lstmTwoSeries());
    assert.ok(!/ style=/.test(svg));
    assert.match(svg, /stroke="currentColor"/);
    assert.ok(!/ style="/.test(panelBody({ analysis: lstmWith(lstmTwoSeries()) })));
  });
});

describe('gradient section in the card', () => {
  it('appears only when the analysis has a gradient report', () => {
    assert.ok(!renderCard(rnnSequence()).includes('rnn-section--gradients'));
    const html = renderCard(rnnWith(vanishing()));
    assert.strictEqual((html.match(/rnn-section--gradients/g) ?? []).length, 1);
    assert.match(html, /<svg class="rnn-chart" role="img"/);
  });

  it('comes after the results and before the checks', () => {
    const html = renderCard(lstmWith(lstmTwoSeries()));
    const at = (cls: string) => html.indexOf(`rnn-section--${cls}`);
    assert.ok(at('results') < at('gradients') && at('gradients') < at('checks'));
  });

  it('shows the verdict, the recurrent weight’s largest singular value and the explanation', () => {
    const html = renderGradients(exploding(), 4);
    assert.match(html, /rnn-gradients__verdict--exploding">exploding<\/span>/);
    assert.match(html, /σ_max\(W_hh\) = 2\.1 &gt; 1: ‖∂h_4\/∂h_k‖ can grow geometrically \(exploding\)/);
    assert.match(html, /largest singular value of the recurrent weight/);
    // KaTeX's MathML carries the figure: σ_max(W_hh) = 2.1
    assert.match(html, /<mn>2\.1<\/mn>/);
  });

  it('escapes every label that comes from the note', () => {
    for (const p of PAYLOADS) {
      const r: GradientReport = {
        ...lstmTwoSeries(),
        recurrentName: p,
        explanation: p,
        series: lstmTwoSeries().series.map((s) => ({ ...s, label: p, latex: `\\text{${p}}`, of: p })),
      };
      const html = renderCard(lstmWith(r));
      assertBalanced(html);
      assertInert(html);
      assert.ok(!html.includes(p), p);
    }
  });

  it('draws a report whose series are empty as its sentence alone', () => {
    const html = renderGradients({ ...vanishing(), series: [] }, 4);
    assert.ok(!html.includes('<svg'));
    assert.ok(!html.includes('<table'));
    assert.match(html, /shrinks geometrically/);
  });
});

describe('gradient hover summary', () => {
  const analysis = {
    quantities: [] as Quantity[],
    shapes: { h_4: [2, 1], L: [1, 1] } as Record<string, readonly [number, number]>,
    options: OPTIONS,
  };
  const jacobian: Quantity = {
    name: 'grad(h_4, h_1)',
    base: 'grad',
    meaning: '∂h_4/∂h_1: how h_4 moves with h_1',
    origin: 'computed',
    value: mat(2, 2, [0.012, 0.0027, 0, 0]),
  };

  it('names a Jacobian with its shape and Frobenius norm', () => {
    assert.strictEqual(gradientSummary(jacobian, analysis), 'Jacobian ∂h_4/∂h_1, 2×2, ‖·‖ = 0.0123');
  });

  it('calls the derivative of a scalar loss a gradient', () => {
    const q: Quantity = { ...jacobian, name: 'grad(L, W_h)', meaning: '∂L/∂W_h', value: mat(2, 2, [3, 0, 0, 4]) };
    assert.strictEqual(gradientSummary(q, analysis), 'gradient ∂L/∂W_h, 2×2, ‖·‖ = 5');
  });

  it('writes the symbol from the name when the meaning does not start with it', () => {
    assert.strictEqual(gradientSummary({ ...jacobian, meaning: 'Jacobian' }, analysis), 'Jacobian ∂h_4/∂h_1, 2×2, ‖·‖ = 0.0123');
  });

  it('leaves every other quantity to the usual hover', () => {
    assert.strictEqual(gradientSummary({ ...jacobian, name: 'h_4' }, analysis), undefined);
    assert.strictEqual(gradientSummary({ ...jacobian, name: 'gradient' }, analysis), undefined);
  });
});
