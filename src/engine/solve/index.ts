// The solver's public surface (analyze.ts and the tests import it from './solve').
export { Solver } from './solver';
export { LimitError, withSetup, type GivenDef, type SolveSetup } from './setup';
export { splitKey } from './keys';
