/**
 * How a cell's access came about, as the report words it (design.md): these
 * strings are the public format, built here and nowhere else.
 */
export const VIA_ADMINISTRATOR = 'administrator';
export const VIA_ENVIRONMENT = 'environment';

/** The role of an administrator's cells, and of no grant. */
export const ADMINISTRATOR_ROLE = 'administrator';

export function viaOf(source: { group?: string; team?: string }): string {
  if (source.team !== undefined && source.group !== undefined) return `team ${source.team} via group ${source.group}`;
  if (source.team !== undefined) return `team ${source.team}`;
  if (source.group !== undefined) return `group ${source.group}`;
  return VIA_ENVIRONMENT;
}
