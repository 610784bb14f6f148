// Where our description of a GHEC-shaped answer disagrees with GitHub's published schema: a
// property GitHub lists that ours lacks or does not promise (not required), or a JSON type ours
// allows that GitHub's does not (a client built on GitHub's description would then break).

export type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The JSON types a schema allows, or undefined when it does not say (any type). */
function typesOf(schema: Schema): Set<string> | undefined {
  if (schema.type !== undefined) return new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (schema.enum) return new Set(schema.enum.map(jsonType));
  if ("const" in schema) return new Set([jsonType(schema.const)]);
  const union = schema.oneOf ?? schema.anyOf;
  if (union) {
    const parts = union.map(typesOf);
    return parts.some((p) => p === undefined) ? undefined : new Set(parts.flatMap((p) => [...p!]));
  }
  return undefined;
}

/** Ours is the object branch of a nullable union when GitHub's describes an object. */
function objectBranch(schema: Schema): Schema {
  return (schema.oneOf ?? schema.anyOf)?.find((s) => s.type === "object") ?? schema;
}

export function ghecDisagreements(github: Schema, ours: Schema, path = "(body)"): string[] {
  const problems: string[] = [];
  const theirs = typesOf(github);
  const mine = typesOf(ours);
  if (theirs) {
    if (!mine) problems.push(`${path}: ours allows any type, GitHub's ${[...theirs].join("|")}`);
    else {
      const extra = [...mine].filter((t) => !theirs.has(t) && !(t === "integer" && theirs.has("number")));
      if (extra.length) problems.push(`${path}: ours also allows ${extra.join("|")}, GitHub's only ${[...theirs].join("|")}`);
    }
  }
  const object = objectBranch(ours);
  for (const [key, schema] of Object.entries(github.properties ?? {})) {
    const at = `${path}.${key}`;
    const counterpart = object.properties?.[key];
    if (!counterpart) {
      problems.push(`${at}: missing in ours`);
      continue;
    }
    if (!(object.required ?? []).includes(key)) problems.push(`${at}: not required in ours`);
    problems.push(...ghecDisagreements(schema, counterpart, at));
  }
  for (const key of github.required ?? []) if (!(object.required ?? []).includes(key) && !github.properties?.[key]) problems.push(`${path}.${key}: required by GitHub, not by ours`);
  if (github.items) problems.push(...(ours.items ? ghecDisagreements(github.items, ours.items, `${path}[]`) : [`${path}[]: ours does not describe the items`]));
  return problems;
}
