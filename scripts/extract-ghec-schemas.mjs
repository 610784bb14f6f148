// Extracts the JSON schemas of GHEC's `consumed-licenses` and `license-sync-status` answers from
// GitHub's OpenAPI description as the npm package @octokit/openapi publishes it, into
// test/fixtures/ghec/*.schema.json (the tests check the app's rows against them).
//
// The package is 385 MB unpacked, so it is never a dependency. To refresh the fixtures:
//   cd /tmp && npm pack @octokit/openapi@23.0.2 && tar xzf octokit-openapi-23.0.2.tgz
//   node scripts/extract-ghec-schemas.mjs /tmp/package
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import console from "node:console";
import process from "node:process";
import { URL } from "node:url";

const packageDir = process.argv[2];
if (!packageDir) {
  console.error("usage: node scripts/extract-ghec-schemas.mjs <unpacked @octokit/openapi package folder>");
  process.exit(2);
}
const { name, version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const description = JSON.parse(readFileSync(join(packageDir, "generated", "ghec.deref.json"), "utf8"));

// OpenAPI 3.0's `nullable: true` becomes JSON Schema's `type: [t, "null"]`, so any validator reads it.
function toJsonSchema(node) {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key === "example" || key === "examples") continue;
    out[key] = toJsonSchema(value);
  }
  if (node.nullable === true && typeof node.type === "string") out.type = [node.type, "null"];
  return out;
}

const wanted = {
  "consumed-licenses": "/enterprises/{enterprise}/consumed-licenses",
  "license-sync-status": "/enterprises/{enterprise}/license-sync-status",
};
for (const [file, path] of Object.entries(wanted)) {
  const schema = description.paths[path]?.get?.responses?.["200"]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${path}: no 200 JSON schema in ${name}@${version}`);
  const out = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $comment: `GET ${path} (200), from ${name}@${version} generated/ghec.deref.json, by scripts/extract-ghec-schemas.mjs`,
    ...toJsonSchema(schema),
  };
  const target = new URL(`../test/fixtures/ghec/${file}.schema.json`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
