// The notes on a solved block: givens the weights could compute, the zeros it assumed, and the
// outputs it could not compute with what they need.
import type { Block, BlockOptions, Matrix } from './types';
import { resolveName } from './parse/names';
import { Solver, splitKey, withSetup, type SolveSetup } from './solve';
import { WorkLimitError } from './budget';
import { formatLiteral } from './format';
import type { Diag } from './diagnostics';
import * as M from './matrix';
import { displayKey, splitTag, streamsOf } from './streams';

/**
 * `hintSetup` re-solves for the given-overrides notes, against the hints' count; `outputKeys`
 * are what the cell computes (none for a block of sizes alone).
 */
export function addNotes(
  block: Block,
  options: BlockOptions,
  solver: Solver,
  hintSetup: () => SolveSetup,
  outputKeys: readonly string[],
  shapesOnly: boolean,
  diag: Diag,
  weightless: ReadonlySet<string> = new Set(),
): void {
  const { kind, givens, T } = solver.setup;
  let quiet: Solver | undefined; // made only when a given is one the cell could compute
  for (const [key, g] of givens) {
    if (!solver.isDerivable(key) || splitKey(key).base === 'x' || !solver.couldDerive(key)) continue;
    let derived: Matrix | undefined;
    try {
      if (!quiet) {
        quiet = new Solver(withSetup(hintSetup(), { quiet: true }));
        quiet.inferSizes();
      }
      derived = quiet.deriveIgnoringGiven(key);
    } catch (e) {
      // A note is best effort: past the hints' count it is not given.
      if (!(e instanceof WorkLimitError && e.work === hintSetup().work)) throw e;
      break;
    }
    if (!derived) continue;
    const value = formatLiteral(derived, options.precision, options.layout);
    diag('info', 'given-overrides', g.nameRange, `${g.written} is given, and the weights give ${value}; the given value is used`);
  }
  // The initial states of every layer and direction (a backward one starts at T + 1).
  const initial = (tag: string, backward: boolean) =>
    [...(kind === 'lstm' ? ['h', 'c'] : ['h'])].map((st) => (T ? `${st}_${backward ? T + 1 : 0}` : `${st}_prev`) + tag);
  const assumed = [...initial('', false)];
  for (const st of streamsOf(options)) assumed.push(...initial(st.tag, st.backward));
  for (let k = assumed.length - 1; k >= 0; k--) if (solver.origins.get(assumed[k]) !== 'default') assumed.splice(k, 1);
  if (assumed.length) {
    const shape = M.shapeText(solver.values.get(assumed[0])!);
    diag('info', 'assumed', block.fenceRange, `${listed(assumed.map(displayKey))} not given: taken as zeros (${shape})`);
  }
  if (solver.assumed.length) {
    const biases = [...new Set(solver.assumed)].join(', ');
    diag('info', 'assumed', block.fenceRange, `${biases} not given: taken as zero (write bias=false to leave biases out of the model)`);
  }
  const usesCell = [...givens.keys()].some((k) => resolveName(k, kind).known || solver.isDerivable(k));
  if (!usesCell || shapesOnly) return;
  const noted = new Set<string>();
  for (const key of outputKeys) {
    if (solver.values.has(key)) continue;
    // In a sequence, one note per quantity (of each layer and direction): the first step that
    // cannot be computed. A layer without weights has had its note.
    const tagged = splitTag(key);
    if (tagged && weightless.has(tagged.tag)) continue;
    const base = splitKey(tagged?.inner ?? key).base + (tagged?.tag ?? '');
    if (noted.has(base)) continue;
    noted.add(base);
    const need = [...(solver.missing.get(key) ?? [])].filter((n) => n !== key).map(displayKey);
    const name = displayKey(key);
    const give = need.length ? `give ${need.join(', ')}${givens.has(key) ? '' : ` (or give ${name} itself)`}` : 'its inputs are missing';
    diag('info', 'missing', block.fenceRange, `${name} is not computed: ${give}`);
  }
}

/** `a and b`, or `a, b and c`. */
function listed(names: readonly string[]): string {
  return names.length < 3 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
