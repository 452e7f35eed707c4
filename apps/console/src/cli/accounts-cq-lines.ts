/** `pnpm cq accounts list`: one line per account, the cabinet's id when it has one. */
export function accountsCqLines(
  accounts: readonly { id: string; name: string; cabinetAccountId: string | null }[],
): string[] {
  if (accounts.length === 0) return ['no accounts yet: pnpm cq accounts create --name <name>'];
  return accounts.map((a) => `${a.id}  ${a.name}${a.cabinetAccountId ? `  (cabinet: ${a.cabinetAccountId})` : ''}`);
}

/** `pnpm cq users list`: the members with their roles, then the invitations still open. */
export function peopleCqLines(list: {
  people: readonly { personId: string; email: string; role: string; hasPassword: boolean }[];
  invitations: readonly { id: string; email: string; role: string; expiresAt: Date }[];
}): string[] {
  const people = list.people.map(
    (p) => `${p.personId}  ${p.email}  ${p.role}${p.hasPassword ? '' : '  (no password: signs in from the cabinet)'}`,
  );
  const invitations = list.invitations.map(
    (i) => `${i.id}  ${i.email}  ${i.role}  invited, link valid until ${i.expiresAt.toISOString()}`,
  );
  return [
    ...(people.length ? people : ['no people yet: pnpm cq users invite --account <id> --email <e-mail> --role owner']),
    ...invitations,
  ];
}
