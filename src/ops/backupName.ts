/** AMI name for a backup: `<name>-backup-YYYYMMDD-HHMM`, limited to the characters CreateImage allows. */
export function backupImageName(name: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
  const safe = name.replace(/[^\w ().\-/']/g, '_').slice(0, 100);
  return `${safe}-backup-${stamp}`;
}
