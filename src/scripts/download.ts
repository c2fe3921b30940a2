import type { ExportFile } from '../lib/exports';

/**
 * Offers `file` as a download. A Blob URL needs no server, so this also works in the offline
 * edition opened from disk.
 */
export function downloadFile(file: Pick<ExportFile, 'name' | 'type' | 'text'>): void {
  const href = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = document.createElement('a');
  link.href = href;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Copies text to the clipboard; false when the browser refuses (no permission, no secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
