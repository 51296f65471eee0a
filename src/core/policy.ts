/**
 * Capabilities, roles and the unit tree.
 *
 * Each module declares its capabilities with the roles that hold them by default
 * (`declareCapabilities`). A role is granted at a unit and holds for that unit and every
 * unit below it (a grant at a commune covers its villages, nothing else). The city
 * administrator holds every capability.
 *
 * Checks are set-based: `scopePaths(actor, capability)` gives the unit paths under which the
 * actor may use the capability, and repositories filter with them in one query. An object
 * outside that set answers 404, so nobody learns what exists elsewhere.
 */
import { AppError } from './errors.js';

export const ROLES = [
  'city_admin',
  'unit_admin',
  'content_manager',
  'contest_organiser',
  'team_member',
  'learner',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that administer something (the administration home /quan-tri is theirs); team members and learners do not. */
const ADMIN_ROLES: ReadonlySet<Role> = new Set<Role>(['city_admin', 'unit_admin', 'content_manager', 'contest_organiser']);

export function isAdministrator(actor: Pick<Actor, 'grants'> | undefined): boolean {
  return !!actor?.grants.some((g) => ADMIN_ROLES.has(g.role));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

const capabilityRoles = new Map<string, Set<Role>>();

export function declareCapabilities(caps: Record<string, Role[]>): void {
  for (const [cap, roles] of Object.entries(caps)) {
    if (capabilityRoles.has(cap)) throw new Error(`capability declared twice: ${cap}`);
    capabilityRoles.set(cap, new Set<Role>(['city_admin', ...roles]));
  }
}

export function declaredCapabilities(): Record<string, Role[]> {
  return Object.fromEntries([...capabilityRoles].map(([cap, roles]) => [cap, [...roles]]));
}

export interface Grant {
  role: Role;
  unitId: number;
  unitPath: string;
}

export interface Actor {
  userId: number;
  unitId: number;
  unitPath: string;
  fullName: string;
  grants: Grant[];
}

function roleHas(role: Role, capability: string): boolean {
  const roles = capabilityRoles.get(capability);
  if (!roles) throw new Error(`undeclared capability: ${capability}`);
  return roles.has(role);
}

/** Unit paths under which the actor holds the capability, with nested ones removed. */
export function scopePaths(actor: Actor | undefined, capability: string): string[] {
  if (!actor) return [];
  const paths = actor.grants.filter((g) => roleHas(g.role, capability)).map((g) => g.unitPath);
  // Learners act on their own data everywhere; that is checked by owner, not by unit.
  return paths
    .sort((a, b) => a.length - b.length)
    .filter((p, i, all) => !all.slice(0, i).some((q) => p.startsWith(q)));
}

export function canAnywhere(actor: Actor | undefined, capability: string): boolean {
  return scopePaths(actor, capability).length > 0;
}

export function canAt(actor: Actor | undefined, capability: string, unitPath: string): boolean {
  return scopePaths(actor, capability).some((p) => unitPath.startsWith(p));
}

/** Throws 404 (not 403) when the object's unit is outside the actor's scope. */
export function assertCanAt(actor: Actor | undefined, capability: string, unitPath: string | undefined): void {
  if (!unitPath || !canAt(actor, capability, unitPath)) throw new AppError('NOT_FOUND', 404);
}

/** What a route requires, declared on every route in `config.access`. */
export type Access = 'public' | 'signed-in' | { capability: string };

export function accessOf(config: unknown): Access | undefined {
  return (config as { access?: Access } | undefined)?.access;
}

declareCapabilities({ 'audit:read': [] });
