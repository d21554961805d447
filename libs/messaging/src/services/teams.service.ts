import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { type TeamRow, TeamsRepository } from '../persistence/teams.repository';
import { TenantMembershipsRepository } from '../persistence/tenant-memberships.repository';
import { RealtimeRooms } from '../realtime/realtime-rooms';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { difference } from './member-difference';

/** Teams of employees: a conversation given to a team is seen by all its members. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsRepository,
    private readonly memberships: TenantMembershipsRepository,
    private readonly publisher: RealtimePublisher,
  ) {}

  list(tenantId: string): Promise<TeamRow[]> {
    return this.teams.list(tenantId);
  }

  async create(tenantId: string, input: { name: string; memberIds: string[] }): Promise<TeamRow> {
    await this.checkMembers(tenantId, input.memberIds);
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await this.teams.insert(manager, tenantId, input.name.trim());
      if (!created) throw new ConflictError('A team with this name exists already', [{ field: 'name', messages: ['is taken'] }]);
      await this.teams.setMembers(manager, tenantId, created, [...new Set(input.memberIds)]);
      return created;
    });
    this.publisher.regroup(tenantId, RealtimeRooms.team(id), difference([], input.memberIds));
    return (await this.teams.find(tenantId, id))!;
  }

  async update(tenantId: string, id: string, change: { name?: string; memberIds?: string[] }): Promise<TeamRow> {
    const before = await this.teams.find(tenantId, id);
    if (!before) throw new NotFoundError('Team not found');
    if (change.memberIds) await this.checkMembers(tenantId, change.memberIds);
    await this.dataSource.transaction(async (manager) => {
      if (change.name && !(await this.teams.rename(manager, id, change.name.trim()))) throw new ConflictError('A team with this name exists already', [{ field: 'name', messages: ['is taken'] }]);
      if (change.memberIds) await this.teams.setMembers(manager, tenantId, id, [...new Set(change.memberIds)]);
    });
    if (change.memberIds) this.publisher.regroup(tenantId, RealtimeRooms.team(id), difference(before.memberIds, change.memberIds));
    return (await this.teams.find(tenantId, id))!;
  }

  async remove(tenantId: string, id: string): Promise<void> {
    const before = await this.teams.find(tenantId, id);
    if (!before || !(await this.teams.delete(tenantId, id))) throw new NotFoundError('Team not found');
    this.publisher.regroup(tenantId, RealtimeRooms.team(id), difference(before.memberIds, []));
  }

  private async checkMembers(tenantId: string, memberIds: string[]): Promise<void> {
    if ((await this.memberships.count(tenantId, memberIds)) !== new Set(memberIds).size) {
      throw new InvalidInputError('Validation failed: memberIds', [{ field: 'memberIds', messages: ['each must be an employee of this business'] }]);
    }
  }
}
