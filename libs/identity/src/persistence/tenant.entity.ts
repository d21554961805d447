import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'closed';

/** A business account with its legal requisites. */
@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  inn!: string;

  @Column('text')
  ogrn!: string;

  @Column('text', { nullable: true })
  kpp!: string | null;

  @Column('text', { name: 'legal_address' })
  legalAddress!: string;

  @Column('text')
  status!: TenantStatus;

  @Column('boolean', { name: 'require_two_factor' })
  requireTwoFactor!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column('timestamptz', { name: 'purge_after', nullable: true })
  purgeAfter!: Date | null;
}
