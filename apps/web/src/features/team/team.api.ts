import { api, unwrap, unwrapEmpty } from '@/shared/api/client';
import type { CreatedInvitation, Invitation, Member, NewInvitation, Role, Team, TeamForm } from './team.types';

const byId = (id: string) => ({ params: { path: { id } } });

export const teamApi = {
  /** Every employee, oldest first; reading the list is written to the access journal. */
  members: (): Promise<Member[]> => unwrap(api.GET('/api/v1/members')),
  /** `role` is a built-in key or a custom role's id; applies from the employee's next request. */
  changeRole: (id: string, role: string): Promise<Member> => unwrap(api.PATCH('/api/v1/members/{id}', { ...byId(id), body: { role } })),
  /** Ends the employee's sessions here at once. */
  deactivate: (id: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/members/{id}/deactivate', byId(id))),
  reactivate: (id: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/members/{id}/reactivate', byId(id))),
  /** The employee leaves the business; their account stays. */
  remove: (id: string): Promise<void> => unwrapEmpty(api.DELETE('/api/v1/members/{id}', byId(id))),
  /** The roles an employee can be given: built-in ones, then the business's own. */
  roles: (): Promise<Role[]> => unwrap(api.GET('/api/v1/roles')),
  /** Newest first, with their status. */
  invitations: (): Promise<Invitation[]> => unwrap(api.GET('/api/v1/invitations')),
  /** E-mails the link and answers it once, to be passed on another way if the mail is lost. */
  invite: (body: NewInvitation): Promise<CreatedInvitation> => unwrap(api.POST('/api/v1/invitations', { body })),
  /** The link stops working at once. */
  revokeInvitation: (id: string): Promise<void> => unwrapEmpty(api.DELETE('/api/v1/invitations/{id}', byId(id))),
  /** Groups of employees that share conversations (a conversation handed to a team reaches all of them). */
  teams: (): Promise<Team[]> => unwrap(api.GET('/api/v1/teams')),
  createTeam: (body: TeamForm): Promise<Team> => unwrap(api.POST('/api/v1/teams', { body })),
  updateTeam: (id: string, body: Partial<TeamForm>): Promise<Team> => unwrap(api.PATCH('/api/v1/teams/{id}', { ...byId(id), body })),
  /** Its conversations stay, without a team. */
  removeTeam: (id: string): Promise<void> => unwrapEmpty(api.DELETE('/api/v1/teams/{id}', byId(id))),
};
