// The diagnostic codes as the rules of a CI report (SARIF's `tool.driver.rules`): one stable id
// each (SPEC §7), with the sentence a code-scanning page shows beside it.
import type { DiagnosticCode } from '../../engine/types';

/** Every code, so adding one to DiagnosticCode without a description does not compile. */
export const RULES: Readonly<Record<DiagnosticCode, string>> = {
  parse: 'A statement, literal or formula that cannot be read.',
  shape: 'Operand shapes that do not fit the operation (rows and columns).',
  check: 'A stated value (?=) that differs from the computed one beyond the tolerance.',
  missing: 'A quantity the cell needs that is neither given nor computable.',
  'unknown-name': 'A name that is not a quantity of this cell or of the block.',
  assumed: 'A value or convention the analysis assumed because the block did not say.',
  'given-overrides': 'A given that replaces a value the cell would compute.',
  cycle: 'Quantities defined in terms of each other.',
  numeric: 'NaN or infinity in a given or a computed value.',
  limit: 'A block past a safety limit (elements, steps, depth or analysis work).',
  option: 'An unknown, invalid or repeated option on the fence.',
  rounding: 'A stated value (?=) within the tolerance that is not the correctly rounded computed value.',
  placeholder: 'A check left to fill in (`h ?=` with no value): Insert results writes the computed value.',
};
