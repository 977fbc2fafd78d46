import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Engine, RegoEngine, TemplateFile } from '@aws/cloudformation-validate';
import { parse, parseDocument, type Tags } from 'yaml';

/** CloudFormation's short-form intrinsic tags (!Ref, !Sub, …) as plain objects, for parsing templates. */
const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Not',
  'Equals',
  'If',
  'And',
  'Or',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Condition',
];

const cfnTags: Tags = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const make = (value: unknown) => ({
    [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  return [
    { tag: `!${name}`, resolve: (v: string) => make(v) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (v: { toJSON(): unknown }) => make(v.toJSON()) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (v: { toJSON(): unknown }) => make(v.toJSON()) },
  ];
}) as Tags;

export function loadTemplate(file: string): Record<string, any> {
  return parse(readFileSync(file, 'utf8'), { customTags: cfnTags }) as Record<string, any>;
}

/** Resources of a template, with Fn::ForEach bodies expanded once (the body is what gets checked). */
export function resources(
  template: Record<string, any>,
): [string, { Type: string; Properties?: Record<string, any>; Condition?: string }][] {
  const out: [string, any][] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (id.startsWith('Fn::ForEach::')) {
      const body = (r as unknown[])[2] as Record<string, unknown>;
      out.push(...(Object.entries(body) as [string, any][]));
    } else out.push([id, r]);
  }
  return out;
}

/** A finding of AWS's CloudFormation validator (resource schemas + cfn-lint rules), as `ruleId id.path: message`. */
export type Finding = string;

let engine: Engine | undefined;

/**
 * Validates a template with `@aws/cloudformation-validate`: every resource against CloudFormation's own
 * resource provider schemas (unknown or misspelt properties, types, enums, required properties,
 * patterns) and cfn-lint's rules (references, conditions, GetAtt attributes, intrinsic functions).
 * Returns the findings of severity WARN and above; INFO (best-practice hints such as "add Tags") is left out.
 * `parameters` stand in for values given at deploy time. They are written as the parameters' defaults
 * in a copy of the template: the validator (1.9.0-beta) expands Fn::ForEach from a parameter's
 * default and ignores its `parameterOverrides` there.
 */
export function validateTemplate(file: string, parameters: Record<string, string> = {}): Finding[] {
  engine ??= new RegoEngine();
  const dir = mkdtempSync(join(tmpdir(), 'ec2bot-cfn-'));
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    for (const [name, value] of Object.entries(parameters)) doc.setIn(['Parameters', name, 'Default'], value);
    const copy = join(dir, basename(file));
    writeFileSync(copy, doc.toString());
    const report = engine.validateStandard(new TemplateFile(copy), { severityLevel: 'WARN' });
    if (report.status === 'ERROR') return [`the validator failed on ${file}`];
    return report.diagnostics.map(
      (d) =>
        `${d.ruleId} ${d.entity?.logicalId ?? '-'}${d.propertyPath ? `.${d.propertyPath}` : ''}: ${d.message}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
