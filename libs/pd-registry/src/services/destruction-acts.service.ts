import { Injectable } from '@nestjs/common';
import { NotFoundError, type Principal } from '@perepiska/platform';
import { PLATFORM_OPERATOR } from '../domain/platform-register';
import { type OperatorData } from '../domain/processing-activity';
import { categoryLabel, ruDate } from '../domain/register-view';
import { renderRegisterPdf } from '../exports/register-pdf-document';
import { type DestructionActRow, DestructionActsRepository } from '../persistence/destruction-acts.repository';
import { RegisterService } from './register.service';

export interface DestructionActView extends Omit<DestructionActRow, 'performedAt'> {
  performedAt: string;
}

const view = (row: DestructionActRow): DestructionActView => ({ ...row, performedAt: new Date(row.performedAt).toISOString() });

/**
 * The acts of destruction kept for 3 years (order No. 179): a business's, listed, read and
 * printed by it, and the platform's own, of its scheduled runs over its register's data.
 */
@Injectable()
export class DestructionActsService {
  constructor(
    private readonly acts: DestructionActsRepository,
    private readonly register: RegisterService,
  ) {}

  async list(principal: Principal): Promise<DestructionActView[]> {
    return (await this.acts.list(principal.tenantId)).map(view);
  }

  async get(principal: Principal, id: string): Promise<DestructionActView> {
    const act = await this.acts.find(principal.tenantId, id);
    if (!act) throw new NotFoundError('Act not found');
    return view(act);
  }

  /** The act as the order lays it out, in Russian, with the extract of the event log. */
  async pdf(principal: Principal, id: string): Promise<{ fileName: string; body: Buffer }> {
    const act = await this.get(principal, id);
    // The platform processes the business's data on its instruction (152-FZ art. 6 part 3).
    return render(act, await this.register.operator(principal, 'tenant'), 'ООО «Переписка» (информационная система «Переписка»)');
  }

  /** The platform's own acts: its runs over the data its register governs; the platform is the operator. */
  async platformActs(): Promise<DestructionActView[]> {
    return (await this.acts.list(null)).map(view);
  }

  async platformAct(id: string): Promise<DestructionActView> {
    const act = await this.acts.find(null, id);
    if (!act) throw new NotFoundError('Act not found');
    return view(act);
  }

  async platformPdf(id: string): Promise<{ fileName: string; body: Buffer }> {
    return render(await this.platformAct(id), PLATFORM_OPERATOR, 'нет: оператор обрабатывает эти данные сам');
  }
}

/** The act in the order's layout: the operator and the processor, if any, are named as they are now. */
async function render(act: DestructionActView, operator: OperatorData, processor: string): Promise<{ fileName: string; body: Buffer }> {
  const performed = new Date(act.performedAt);
  const body = await renderRegisterPdf({ title: `Акт об уничтожении персональных данных № ${act.number}`, checksum: act.id, checksumLabel: 'Идентификатор акта', asOf: performed }, (pdf) => {
    pdf.title(`Акт об уничтожении персональных данных № ${act.number}`, [`${ruDate(act.performedAt.slice(0, 10))}`]);
    pdf.field('Оператор', [`${operator.name}, ИНН ${operator.inn}, ${operator.address}`]);
    pdf.field('Лицо, осуществляющее обработку по поручению оператора', [processor]);
    pdf.field('Субъект персональных данных', [act.subjectName ?? '—']);
    pdf.field('Лицо, уничтожившее персональные данные', [act.performedBy ?? '—']);
    pdf.field('Категории уничтоженных персональных данных', act.categories.map((c) => categoryLabel(c as never)));
    pdf.field('Наименование информационной системы', ['«Переписка»']);
    pdf.field('Способ уничтожения', act.reports.map((r) => `${r.source}: ${r.method === 'destroy' ? 'удаление записей из базы данных без возможности восстановления' : 'обезличивание'} (${r.records} записей)`));
    pdf.field('Причина уничтожения', [act.reason]);
    pdf.field('Сохранено по требованию закона', act.kept.map((k) => `${k.what} — ${k.why}`));
    pdf.field('Дата уничтожения', [performed.toISOString()]);
    pdf.heading('Выгрузка из журнала событий');
    for (const entry of act.log) pdf.paragraph(`${entry.at} — ${entry.type}${Object.keys(entry.details).length ? ` ${JSON.stringify(entry.details)}` : ''}`, { bullet: true });
    pdf.paragraph(`Акт хранится до ${ruDate(act.keepUntil)} (3 года, приказ Роскомнадзора № 179 от 28.10.2022).`);
  });
  return { fileName: `destruction-act-${act.number.split('-').slice(1).join('-')}.pdf`, body };
}
