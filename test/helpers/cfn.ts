import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

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
