/** Export to the CoMagic / UIS Data API is on for an integration: a brand is chosen and a token is stored. */
export function isExportConfigured(integration: {
  exportBrand: string | null;
  exportTokenCiphertext: string | null;
}): boolean {
  return integration.exportBrand !== null && integration.exportTokenCiphertext !== null;
}
