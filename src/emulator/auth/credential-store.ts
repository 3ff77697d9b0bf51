// The access keys the emulator knows: the caller's long-term keys (management account) and the temporary
// credentials STS has issued, each tied to the principal and account it acts as.

import type { SeededRandom } from '../seeded-random.js';

export interface Principal {
  accountId: string;
  /** `arn:aws:iam::<acct>:user/<name>` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  arn: string;
  /** `AIDA...` for users, `AROA...:<session>` for assumed roles. */
  userId: string;
  kind: 'user' | 'assumed-role';
  roleName?: string;
  sessionName?: string;
}

export interface StoredCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  principal: Principal;
}

export class CredentialStore {
  private readonly byKey = new Map<string, StoredCredential>();
  private readonly roleIds = new Map<string, string>();

  constructor(private readonly random: SeededRandom) {}

  /** Register long-term keys of an IAM user (generated when not given). */
  addUser(accountId: string, userName: string, keys?: { accessKeyId: string; secretAccessKey: string }) {
    const cred: StoredCredential = {
      accessKeyId: keys?.accessKeyId ?? this.random.accessKeyId('AKIA'),
      secretAccessKey: keys?.secretAccessKey ?? this.random.secret(),
      principal: {
        accountId,
        arn: `arn:aws:iam::${accountId}:user/${userName}`,
        userId: this.random.accessKeyId('AIDA'),
        kind: 'user',
      },
    };
    this.byKey.set(cred.accessKeyId, cred);
    return cred;
  }

  /** Issue temporary credentials for a role session, valid until `expiration`. */
  issueRoleSession(
    accountId: string,
    roleName: string,
    sessionName: string,
    expiration: Date,
  ): StoredCredential {
    const roleKey = `${accountId}/${roleName}`;
    let roleId = this.roleIds.get(roleKey);
    if (!roleId) {
      roleId = this.random.accessKeyId('AROA');
      this.roleIds.set(roleKey, roleId);
    }
    const cred: StoredCredential = {
      accessKeyId: this.random.accessKeyId('ASIA'),
      secretAccessKey: this.random.secret(),
      sessionToken: `IQoJb3JpZ2luX2VtdWxhdG9y${this.random.chars(96, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      expiration,
      principal: {
        accountId,
        arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
        userId: `${roleId}:${sessionName}`,
        kind: 'assumed-role',
        roleName,
        sessionName,
      },
    };
    this.byKey.set(cred.accessKeyId, cred);
    return cred;
  }

  /** The credential for an access key id, if known. */
  get(accessKeyId: string): StoredCredential | undefined {
    return this.byKey.get(accessKeyId);
  }
}
