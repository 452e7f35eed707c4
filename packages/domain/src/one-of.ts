/** Whether a string read from outside (a flag, a stored row) is one of a closed list's members. */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
