import type { Schemas } from '@perepiska/api-client';

export type Member = Schemas['MemberDto'];
export type MemberStatus = Member['status'];
export type Invitation = Schemas['InvitationDto'];
export type InvitationStatus = Invitation['status'];
/** The one answer that carries the invitation link itself. */
export type CreatedInvitation = Schemas['CreatedInvitationDto'];
export type NewInvitation = Schemas['CreateInvitationDto'];
export type Role = Schemas['RoleDto'];

/** A group of employees who share conversations; `memberIds` are `Member.id`s. */
export type Team = Schemas['TeamDto'];
export type TeamForm = Schemas['CreateTeamDto'];

type Tone = 'success' | 'neutral' | 'danger' | 'warning' | 'info';

export const MEMBER_STATUS_TONE: Record<MemberStatus, Tone> = { active: 'success', deactivated: 'warning' };
export const INVITATION_STATUS_TONE: Record<InvitationStatus, Tone> = { pending: 'info', accepted: 'success', expired: 'neutral', revoked: 'danger' };

/**
 * Whether the user may hand a role out or act on someone who holds it: the API refuses
 * anything that grants a permission the user lacks (nobody gives more than they have).
 */
export function withinOwnPermissions(role: Pick<Role, 'permissions'> | undefined, can: (permission: string) => boolean): boolean {
  return !!role && role.permissions.every(can);
}

/** «АС» for «Анна Смирнова»: the avatar of a person without a photo. */
export function initials(fullName: string): string {
  return fullName
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}
