// The extension against a stand-in for VS Code and the language client:
// what it starts, for which documents, with which options, and what its
// commands and settings do. Runs headless: node --test (npm test).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const Module = require("node:module");

const settings = { path: "postmarklint", online: false };
const started = [];
const commands = {};
let onConfig;

class FakeClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, serverOptions, clientOptions, running: false });
    started.push(this);
  }
  async start() {
    this.running = true;
  }
  async stop() {
    this.running = false;
  }
}

const vscode = {
  workspace: {
    getConfiguration: () => ({
      get: (key) => settings[key],
      update: async (key, value) => {
        settings[key] = value;
        await onConfig({ affectsConfiguration: (s) => s === "postmarklint." + key });
      },
    }),
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration: (fn) => {
      onConfig = fn;
      return { dispose() {} };
    },
  },
  commands: {
    registerCommand: (name, fn) => {
      commands[name] = fn;
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  },
  window: { showErrorMessage: async () => undefined, showInformationMessage: () => undefined },
  ConfigurationTarget: { Global: 1 },
};

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient: FakeClient };
  return load.call(this, request, ...rest);
};
const ext = require("../out/extension.js");

test("starts postmarklint lsp for the formats postmarklint reads", async () => {
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(started.length, 1);
  const c = started[0];
  assert.deepStrictEqual(c.serverOptions, { command: "postmarklint", args: ["lsp"] });
  const languages = c.clientOptions.documentSelector.filter((s) => s.language).map((s) => s.language);
  assert.deepStrictEqual(languages, ["dotenv", "yaml", "toml", "json", "jsonc", "properties", "terraform", "terraform-vars"]);
  assert.ok(c.clientOptions.documentSelector.some((s) => s.pattern && s.pattern.includes(".env.*")));
  assert.deepStrictEqual(c.clientOptions.initializationOptions, { online: false });
  assert.strictEqual(c.clientOptions.synchronize.fileEvents.glob, "**/.postmarklint.yaml");
  assert.ok(c.running);
});

test("the online switch restarts the server with the option on", async () => {
  await commands["postmarklint.toggleOnline"]();
  const c = started[started.length - 1];
  assert.strictEqual(started.length, 2);
  assert.deepStrictEqual(c.clientOptions.initializationOptions, { online: true });
  assert.ok(!started[0].running, "the old server was stopped");
});

test("postmarklint.path and the restart command", async () => {
  settings.path = "/opt/bin/postmarklint";
  await commands["postmarklint.restart"]();
  const c = started[started.length - 1];
  assert.deepStrictEqual(c.serverOptions, { command: "/opt/bin/postmarklint", args: ["lsp"] });
  assert.strictEqual(started.filter((s) => s.running).length, 1);
});

// Whether a document selector picks a document, as VS Code decides it: by
// language id, or by a glob over the file's path.
function selects(selector, doc) {
  const minimatch = require("minimatch");
  return selector.some(
    (s) => (s.language && s.language === doc.languageId) || (s.pattern && minimatch(doc.path, s.pattern)),
  );
}

test("selects the files postmarklint reads, also where VS Code has no language for them", () => {
  const selector = started[0].clientOptions.documentSelector;
  const want = [
    { path: "/w/.env.production", languageId: "plaintext" },
    { path: "/w/.env", languageId: "dotenv" },
    { path: "/w/production.toml", languageId: "plaintext" }, // no TOML extension installed
    { path: "/w/main.tf", languageId: "plaintext" }, // no Terraform extension installed
    { path: "/w/prod.tfvars", languageId: "plaintext" },
    { path: "/w/prod.tfvars", languageId: "terraform-vars" }, // HashiCorp's extension
    { path: "/w/application-prod.properties", languageId: "properties" },
    { path: "/w/config/production.yaml", languageId: "yaml" },
  ];
  for (const doc of want) {
    assert.ok(selects(selector, doc), `${doc.path} (${doc.languageId}) is not selected`);
  }
  for (const doc of [
    { path: "/w/notes.txt", languageId: "plaintext" },
    { path: "/w/settings.py", languageId: "python" },
  ]) {
    assert.ok(!selects(selector, doc), `${doc.path} (${doc.languageId}) is selected`);
  }
});

test("package.json: activated for every language selected; npm run package compiles first", () => {
  const pkg = require("../package.json");
  const selector = started[0].clientOptions.documentSelector;
  for (const s of selector.filter((s) => s.language)) {
    assert.ok(pkg.activationEvents.includes(`onLanguage:${s.language}`), `no onLanguage:${s.language}`);
  }
  for (const s of selector.filter((s) => s.pattern)) {
    assert.ok(pkg.activationEvents.includes(`workspaceContains:${s.pattern}`), `no workspaceContains:${s.pattern}`);
  }
  assert.match(pkg.scripts["vscode:prepublish"] || "", /compile/);
});
