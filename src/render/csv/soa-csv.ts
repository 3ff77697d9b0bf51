// reports/statement-of-applicability.csv: the ISO/IEC 27001:2022 Statement of Applicability as a package
// artefact — every Annex A control, applicable or not, why, its implementation status and its evidence.

import { writeFile } from 'node:fs/promises';
import type { SoaView } from '../view-types.js';
import { csvLine } from './csv-cell.js';

/** File name inside the reports folder. */
export const SOA_CSV = 'statement-of-applicability.csv';

export const SOA_CSV_HEADER = [
  'control_id',
  'title',
  'theme',
  'applicable',
  'justification',
  'approver',
  'approved_on',
  'implementation_status',
  'status_reason',
  'evidence',
] as const;

/** The CSV text (header first, CRLF line ends). */
export function renderSoaCsv(soa: SoaView): string {
  let out = csvLine(SOA_CSV_HEADER);
  for (const e of soa.entries) {
    out += csvLine([
      e.controlId,
      e.title,
      e.theme ?? '',
      e.applicable ? 'yes' : 'no',
      e.justification,
      e.approver ?? '',
      e.date ?? '',
      e.status,
      e.reason,
      // Each reference as `<kind>:<id> (<role>)`: an auditor sees what decides and what only supports.
      e.evidence.map((r) => `${r.key} (${r.role})`).join('; '),
    ]);
  }
  return out;
}

/** Write the CSV. */
export async function writeSoaCsv(path: string, soa: SoaView): Promise<void> {
  await writeFile(path, renderSoaCsv(soa));
}
