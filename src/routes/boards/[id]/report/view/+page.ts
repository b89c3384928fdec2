// The HTML report is a document, not an app: rendered on the server only, with no JavaScript
// shipped, so it prints as is and Chromium renders it for the PDF with scripts off.
export const csr = false;
export const ssr = true;
