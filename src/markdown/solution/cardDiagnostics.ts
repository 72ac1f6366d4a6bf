// The card's diagnostics, each placed under what it is about: a check, a given, a step, or the
// block as a whole.
import type { AnalysisWithSteps, BlockDiagnostic, CheckResult, Quantity, Range, Step } from '../../engine/types';
import { escapeHtml } from './escape';

export interface Owners {
  readonly general: BlockDiagnostic[];
  readonly byGiven: Map<Quantity, BlockDiagnostic[]>;
  readonly byStep: Map<Step, BlockDiagnostic[]>;
  readonly byCheck: Map<CheckResult, BlockDiagnostic[]>;
  /** The `check` diagnostics of each check (not listed again, but their explanation is used). */
  readonly checkMessages: Map<CheckResult, BlockDiagnostic[]>;
}

function within(line: number, r: Range | undefined): boolean {
  return !!r && line >= r.start.line && line <= r.end.line;
}

export function attachDiagnostics(a: AnalysisWithSteps): Owners {
  const owners: Owners = { general: [], byGiven: new Map(), byStep: new Map(), byCheck: new Map(), checkMessages: new Map() };
  const push = <K>(map: Map<K, BlockDiagnostic[]>, key: K, d: BlockDiagnostic) => {
    const list = map.get(key);
    if (list) list.push(d);
    else map.set(key, [d]);
  };
  for (const d of a.diagnostics) {
    const line = d.range.start.line;
    const check = a.checks.find((c) => within(line, c.range));
    if (check) {
      // A failing check's own diagnostic repeats what the check shows.
      push(d.code === 'check' ? owners.checkMessages : owners.byCheck, check, d);
      continue;
    }
    const given = a.quantities.find((q) => q.origin === 'given' && within(line, q.range));
    if (given) {
      push(owners.byGiven, given, d);
      continue;
    }
    const step = a.steps.find((s) => within(line, s.range));
    if (step) {
      push(owners.byStep, step, d);
      continue;
    }
    owners.general.push(d);
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  owners.general.sort((x, y) => rank[x.severity] - rank[y.severity] || x.range.start.line - y.range.start.line);
  return owners;
}

const SEVERITY_ICON = { error: '⛔', warning: '⚠', info: 'ℹ' } as const;

export function renderDiagnostics(first: number, list: readonly BlockDiagnostic[] | undefined, cls = 'rnn-diagnostics'): string {
  if (!list || !list.length) return '';
  const items = list.map((d) => {
    const sev = d.severity in SEVERITY_ICON ? d.severity : 'info';
    return (
      `<li class="rnn-diagnostic rnn-diagnostic--${sev}"><span class="rnn-diagnostic__icon" aria-label="${sev}">${SEVERITY_ICON[sev]}</span> ` +
      `<span class="rnn-diagnostic__code">${escapeHtml(d.code)}</span> ` +
      `<span class="rnn-diagnostic__line">line ${first + d.range.start.line + 1}</span> ` +
      `<span class="rnn-diagnostic__message">${escapeHtml(d.message)}</span></li>`
    );
  });
  return `<ul class="${cls}">${items.join('')}</ul>`;
}
