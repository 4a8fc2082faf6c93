import { DownloadedFile } from '../api/FeatureFlagsApi';

/** How long the browser may take to start reading a file it was asked to save. */
const REVOKE_AFTER_MS = 40_000;

/**
 * Saves a fetched file as a download. The API needs the user's token, so a
 * plain link would not do: the file is fetched first, then handed to the
 * browser through an object URL and a temporary `<a download>`.
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
