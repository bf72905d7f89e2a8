export function browserLocale() {
  return navigator.language || null;
}
