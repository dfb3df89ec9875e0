// A named connection's `ssh` setting: the core's tunnel (src/core/db/ssh.ts) opened for it, its
// key's passphrase from SecretStorage, and an unknown host key shown in a modal with its
// fingerprint: only an explicit Accept adds it to known_hosts, as the CLI's
// --ssh-accept-new-host-key does. A changed key is refused by the core, with the reason.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SshSetting } from '../config';
import type { SshTunnel, UnknownHostKeyError } from '../core/db/ssh';
import { lazyCore } from './lazy';
import { labelText } from './markdown';
import { visibleName } from '../core/messages/visible';

/** What the modal shows; true when the person accepted the key. */
export type HostKeyPrompt = (key: Pick<UnknownHostKeyError, 'host' | 'keyType' | 'fingerprint' | 'knownHostsPath'>) => Promise<boolean>;

/** VS Code's own modal (a test replaces it: a modal cannot be clicked from a test). */
export const modalHostKeyPrompt: HostKeyPrompt = async (key) => {
  const accept = vscode.l10n.t('Accept and Connect');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('The SSH server {0} is not known yet: its host key is {1} {2}.', ...[key.host, key.keyType, key.fingerprint].map(visibleName)),
    { modal: true, detail: vscode.l10n.t('Accept it only if its administrator confirms this fingerprint: it is then added to {0}.', visibleName(key.knownHostsPath)) },
    accept,
  );
  return answer === accept;
};

export const passphraseKey = (connection: string) => `migrationDoctor.sshPassphrase.${connection}`;

/**
 * The tunnel to `target` (the database as the SSH server sees it) through `setting`'s server.
 * Relative key and known_hosts paths are under the workspace folder; `~` is the home folder.
 */
export async function openSettingTunnel(
  setting: SshSetting,
  target: { host: string; port: number },
  context: { folder: string; passphrase: string | undefined; connectTimeoutMs: number; prompt: HostKeyPrompt },
): Promise<SshTunnel> {
  const { openSshTunnel, UnknownHostKeyError } = await lazyCore();
  const home = os.homedir();
  const resolved = (file: string) => path.resolve(context.folder, file.replace(/^~(?=\/|$)/, home));
  const options = {
    host: setting.host,
    port: setting.port,
    username: setting.username,
    privateKeyPath: setting.privateKeyPath === undefined ? undefined : resolved(setting.privateKeyPath),
    agent: (setting.agent ?? setting.privateKeyPath === undefined) ? process.env.SSH_AUTH_SOCK : undefined,
    passphrase: context.passphrase,
    knownHostsPath: resolved(setting.knownHostsPath ?? path.join(home, '.ssh', 'known_hosts')),
    configPath: path.join(home, '.ssh', 'config'),
    connectTimeoutMs: context.connectTimeoutMs,
  };
  try {
    return await openSshTunnel(options, target);
  } catch (error) {
    if (!(error instanceof UnknownHostKeyError) || !(await context.prompt(error))) throw error;
    // Only the key the person saw is accepted: a different one on this second handshake is refused.
    return openSshTunnel({ ...options, acceptHostKeyFingerprint: error.fingerprint }, target);
  }
}

/** Migration Doctor: Set SSH Passphrase: the passphrase of a connection's SSH key, kept in SecretStorage. */
export async function setSshPassphrase(connections: { candidates(): Promise<readonly { name: string; setting?: { ssh?: SshSetting } }[]>; setSshPassphrase(name: string, passphrase: string): Promise<void> }): Promise<void> {
  const tunnelled = (await connections.candidates()).filter((c) => c.setting?.ssh);
  if (tunnelled.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No named connection goes through SSH: add "ssh" to a connection in the setting migrationDoctor.connections.'));
    return;
  }
  const target = tunnelled.length === 1 ? tunnelled[0] : (await vscode.window.showQuickPick(
    tunnelled.map((c) => ({ label: labelText(c.name), description: labelText(c.setting!.ssh!.host), c })),
    { title: vscode.l10n.t('Set the SSH key passphrase of which connection?') },
  ))?.c;
  if (!target) return;
  const passphrase = await vscode.window.showInputBox({
    title: vscode.l10n.t('SSH key passphrase of {0}', visibleName(target.name)),
    prompt: vscode.l10n.t('Kept in the system\'s secret storage, never in the settings.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (passphrase === undefined) return;
  await connections.setSshPassphrase(target.name, passphrase);
  void vscode.window.showInformationMessage(vscode.l10n.t('SSH key passphrase of {0} saved.', visibleName(target.name)));
}
