/** A written file's size for the command's last line: KB below 1 MB (an empty school's report read 「0.0 MB」). */
export function fileSizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
