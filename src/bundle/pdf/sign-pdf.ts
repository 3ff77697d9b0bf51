// The PDF's embedded signature: a placeholder added while pdfkit writes the report (renderPdf's `beforeEnd`
// seam), then filled with a detached CMS signature over the document's byte ranges (@signpdf).

import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { Signer, SignPdf } from '@signpdf/signpdf';
import { signDetachedCms } from '../cms/sign-cms.js';
import type { BundleSigner } from '../signers/bundle-signer.js';

export interface PdfSignatureDetails {
  /** Why the document is signed (shown by PDF readers). */
  reason: string;
  /** Who signs (usually the certificate's common name). */
  name: string;
  location: string;
  contactInfo?: string;
  signingTime: Date;
}

/** Room for the CMS signature in the placeholder: the chain, the signature and the attributes, with margin
 * (and a time-stamp token with the TSA's chain, when the signer has a TSA). */
export function signatureRoom(signer: BundleSigner): number {
  const chainBytes = signer.chain.reduce((n, c) => n + c.der.length, 0);
  return Math.max(8192, chainBytes + 4096) + (signer.timestamp ? 16_384 : 0);
}

/** PAdES baseline B-T (ETSI.CAdES.detached) with a TSA; otherwise the classic adbe.pkcs7.detached. */
const SUBFILTER = { pades: 'ETSI.CAdES.detached', pkcs7: 'adbe.pkcs7.detached' } as const;

/** The `beforeEnd` hook for renderPdf: adds an invisible signature field with an empty signature. */
export function pdfSignaturePlaceholder(
  signer: BundleSigner,
  details: PdfSignatureDetails,
): (doc: PDFKit.PDFDocument) => void {
  return (doc) => {
    pdfkitAddPlaceholder({
      pdf: doc,
      pdfBuffer: Buffer.alloc(0),
      reason: details.reason,
      contactInfo: details.contactInfo ?? '',
      name: details.name,
      location: details.location,
      signingTime: details.signingTime,
      signatureLength: signatureRoom(signer),
      subFilter: signer.timestamp ? SUBFILTER.pades : SUBFILTER.pkcs7,
      appName: 'Evidentia',
    });
  };
}

/** @signpdf's Signer, producing our CMS (so KMS keys and EC keys sign PDFs too). */
class CmsPdfSigner extends Signer {
  constructor(
    private readonly signer: BundleSigner,
    private readonly signingTime: Date,
  ) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    // PAdES: the claimed time is the dictionary's /M, the trusted one the token's; no signingTime attribute.
    return signDetachedCms(pdfBuffer, {
      signer: this.signer,
      signingTime: this.signingTime,
      omitSigningTime: Boolean(this.signer.timestamp),
    });
  }
}

/** Fill the placeholder of `pdf` with a signature; returns the signed document. */
export async function signPdf(pdf: Buffer, signer: BundleSigner, signingTime: Date): Promise<Buffer> {
  return new SignPdf().sign(pdf, new CmsPdfSigner(signer, signingTime));
}
