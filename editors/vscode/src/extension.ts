// A thin client: VS Code starts `postmarklint lsp` and shows what it
// says. Everything postmarklint knows lives in the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

// The languages postmarklint reads, and its files by name where VS Code
// may have no language for them (.env in older VS Code, TOML
// and Terraform without an extension), so that they open as plain text.
// package.json's activationEvents name the same languages and patterns.
const documentSelector = [
  ...["dotenv", "yaml", "toml", "json", "jsonc", "properties", "terraform", "terraform-vars"].map((language) => ({
    scheme: "file",
    language,
  })),
  { scheme: "file", pattern: "**/{.env,.env.*,*.env}" },
  { scheme: "file", pattern: "**/*.{toml,tf,tfvars}" },
];

let client: LanguageClient | undefined;

function settings() {
  const config = vscode.workspace.getConfiguration("postmarklint");
  return {
    path: config.get<string>("path") || "postmarklint",
    online: config.get<boolean>("online") ?? false,
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const { path, online } = settings();
  const serverOptions: ServerOptions = { command: path, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: { online },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.postmarklint.yaml"),
    },
  };
  client = new LanguageClient("postmarklint", "postmarklint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    const pick = await vscode.window.showErrorMessage(
      `postmarklint: cannot start "${path} lsp" (${err}). Install postmarklint or set postmarklint.path.`,
      "Open Settings",
    );
    if (pick) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "postmarklint.path");
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop().catch(() => undefined);
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("postmarklint.restart", () => restart(context)),
    vscode.commands.registerCommand("postmarklint.toggleOnline", async () => {
      const config = vscode.workspace.getConfiguration("postmarklint");
      await config.update("online", !settings().online, vscode.ConfigurationTarget.Global);
      vscode.window.showInformationMessage(`postmarklint: --online on save is ${settings().online ? "on" : "off"}`);
    }),
    // The server reads its options once, at initialize: a change restarts it.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("postmarklint.path") || e.affectsConfiguration("postmarklint.online")) {
        restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
