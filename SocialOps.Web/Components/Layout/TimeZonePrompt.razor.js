export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}
