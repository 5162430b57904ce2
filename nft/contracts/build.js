// build.js compiles Dojo's contracts with solc-js and the OpenZeppelin
// contracts from node_modules (both pinned in package.json), offline, with
// fixed settings, so the same source always gives the same bytes.
//
// usage: node build.js OUTDIR
// writes OUTDIR/DojoFighters.{abi,bin} and OUTDIR/test/ReentrantMinter.{abi,bin}.
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const here = __dirname;
const out = process.argv[2];
if (!out) {
  console.error("usage: node build.js OUTDIR");
  process.exit(2);
}

const units = [
  { source: "DojoFighters.sol", name: "DojoFighters", dir: "." },
  { source: "test/ReentrantMinter.sol", name: "ReentrantMinter", dir: "test" },
];

const input = {
  language: "Solidity",
  sources: {},
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "prague",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
for (const u of units) {
  input.sources[u.source] = { content: fs.readFileSync(path.join(here, u.source), "utf8") };
}

function findImports(p) {
  const file = path.join(here, "node_modules", p);
  if (!file.startsWith(path.join(here, "node_modules") + path.sep)) {
    return { error: "import outside node_modules: " + p };
  }
  try {
    return { contents: fs.readFileSync(file, "utf8") };
  } catch (e) {
    return { error: "not found: " + p };
  }
}

const result = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of result.errors || []) {
  console.error(e.formattedMessage);
  if (e.severity === "error") failed = true;
}
if (failed) process.exit(1);

for (const u of units) {
  const c = result.contracts[u.source][u.name];
  const dir = path.join(out, u.dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, u.name + ".abi"), JSON.stringify(c.abi, null, 1) + "\n");
  fs.writeFileSync(path.join(dir, u.name + ".bin"), c.evm.bytecode.object + "\n");
}
console.error("built with solc " + solc.version());
