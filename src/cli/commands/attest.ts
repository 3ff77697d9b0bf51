// `evidentia attest <framework>:<control> --file <path> --owner <email> [--note …] [--valid-days N]`:
// record a manual attestation (the document, its SHA-256, owner, date and expiry) in the attestation folder.

import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { prepareAttestation } from '../../attest/prepare-attestation.js';
import { recordAttestation } from '../../attest/record-attestation.js';
import { type Framework, loadCatalog, loadProfile } from '../../catalog/index.js';
import { displayPath } from '../../catalog/input-file.js';
import { EXIT } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

export interface AttestFlags {
  file: string;
  owner: string;
  note?: string;
  validDays?: string;
  date?: string;
  profile?: string;
  dir?: string;
}

/** Register `attest`. */
export function registerAttestCommand(program: Command, ctx: CliContext): void {
  program
    .command('attest')
    .description(
      'record a manual attestation for a control: the document, its SHA-256, owner, date and expiry',
    )
    .argument('<framework:control>', 'e.g. hipaa-security:164.308(a)(5)(i) (quote it in the shell)')
    .requiredOption(
      '-f, --file <path>',
      'the document that proves the control (policy, training record, contract…)',
    )
    .requiredOption('--owner <email>', 'e-mail address of the person attesting')
    .option('--note <text>', 'a short note kept with the attestation')
    .option('--valid-days <n>', "days the attestation counts (default: the control's maxAgeDays)")
    .option('--date <yyyy-mm-dd>', 'when the document was signed off (default: now)')
    .option(
      '-p, --profile <file|name>',
      "use this profile's attestation folder (evidence.attestations.dir) and industry controls",
    )
    .option('--dir <folder>', "attestation folder (default: the profile's, else ./attestations)")
    .action(async (target: string, flags: AttestFlags) => {
      const catalog = await loadCatalog();
      const frameworks = new Map<string, Framework>(catalog.frameworks);
      let dir = resolve(flags.dir ?? 'attestations');
      if (flags.profile) {
        const profile = await loadProfile(flags.profile, catalog);
        if (profile.industryFramework)
          frameworks.set(profile.industryFramework.id, profile.industryFramework);
        if (!flags.dir) dir = resolve(profile.dir, profile.evidence.attestations.dir);
      }
      const request = await prepareAttestation(
        {
          target,
          file: flags.file,
          owner: flags.owner,
          ...(flags.note !== undefined ? { note: flags.note } : {}),
          ...(flags.validDays !== undefined ? { validDays: flags.validDays } : {}),
          ...(flags.date !== undefined ? { date: flags.date } : {}),
        },
        frameworks,
        dir,
        ctx.clock.now(),
      );
      const recorded = await recordAttestation(request);
      const a = recorded.attestation;
      ctx.stdout.write(
        `Recorded attestation for ${a.framework} ${a.control} by ${a.owner}, valid until ${a.expiresAt.slice(0, 10)}\n` +
          `  record:   ${displayPath(join(dir, recorded.recordPath))}\n` +
          `  document: ${displayPath(join(dir, recorded.documentPath))} (SHA-256 ${a.sha256})\n`,
      );
      ctx.exitCode = EXIT.OK;
    });
}
