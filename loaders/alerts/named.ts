/** "High Street (S1)" for a subject with a name of its own, else its id alone ("S1", not "S1 (S1)"). */
export function named(name: string | null | undefined, id: string): string {
  return name && name !== id ? `${name} (${id})` : id;
}
