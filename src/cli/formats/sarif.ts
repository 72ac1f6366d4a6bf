// `--format sarif`: a SARIF 2.1.0 log for code scanning (GitHub's upload-sarif, Azure DevOps,
// VS Code's SARIF viewer). One run; its rules are the diagnostic codes that occur; a result per
// diagnostic with the note's path and the 1-based region of the range.
//
// The log is written a note at a time: a run's `results` come before its `tool` (JSON members
// are unordered), so the rules, numbered as they first occur, are listed once every note is in.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { DiagnosticCode, Severity } from '../../engine/types';
import type { FileReport, Summary } from '../check';
import { jsonPieces } from './jsonText';
import { place } from './location';
import { RULES } from './rules';
import { shown, type ReportWriter } from './writer';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };
const RANK: Record<Level, number> = { note: 0, warning: 1, error: 2 };

/**
 * A note's path as SARIF's artifactLocation.uri: relative paths stay relative (code scanning
 * resolves them against the checkout), with `/` separators and URI escapes; absolute ones
 * become file: URIs.
 */
export function artifactUri(p: string): string {
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p
    .split(path.sep)
    .join('/')
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}

export function sarifWriter(verbose: boolean): ReportWriter {
  // Each code that occurs: its index in `rules` and the most severe level it occurred with.
  const ruleIndex = new Map<DiagnosticCode, { index: number; level: Level }>();
  let results = 0;
  return {
    begin: () => [`{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": [`],
    *file(r: FileReport) {
      const uri = artifactUri(r.path);
      for (const { block, analysis } of r.blocks) {
        for (const d of analysis.diagnostics) {
          if (!shown(d.severity, verbose)) continue;
          let rule = ruleIndex.get(d.code);
          if (!rule) ruleIndex.set(d.code, (rule = { index: ruleIndex.size, level: LEVEL[d.severity] }));
          else if (RANK[LEVEL[d.severity]] > RANK[rule.level]) rule.level = LEVEL[d.severity];
          const p = place(block, d.range);
          const result = {
            ruleId: d.code,
            ruleIndex: rule.index,
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri },
                  region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                },
              },
            ],
          };
          yield results++ ? ',\n        ' : '\n        ';
          yield* jsonPieces(result, '        ');
        }
      }
    },
    *end(_summary: Summary, problems: readonly string[]) {
      yield results ? '\n      ],\n' : '],\n';
      const rules = [...ruleIndex].map(([code, { level }]) => ({
        id: code,
        name: code,
        shortDescription: { text: RULES[code] },
        defaultConfiguration: { level },
      }));
      const tail = {
        tool: { driver: { name: 'rnn-math', rules } },
        // The engine's columns are JavaScript string indices.
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: problems.length === 0,
            toolExecutionNotifications: problems.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
      };
      const pieces = [...jsonPieces(tail, '    ')].join('');
      // The tail's members without its own braces: they continue the run object begin() opened.
      yield pieces.slice('{\n'.length, -'\n    }'.length) + '\n    }\n  ]\n}\n';
    },
  };
}
