/** A file an API client fetched with the user's token. */
export type DownloadedFile = { blob: Blob; fileName: string };

/**
 * How long the browser may take to start reading a file once asked to save
 * it; FileSaver.js waits as long for the same reason.
 */
const REVOKE_AFTER_MS = 40_000;

/**
 * Saves a fetched file as a download. The APIs need the user's token, so a
 * plain link to them would not do: the file is fetched first, then handed to
 * the browser through an object URL and a temporary `<a download>`.
 */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
