import { cyrillicPdf } from '@perepiska/platform';
import { type ChainVerification } from '../domain/acceptance-chain';
import { type Warranty } from '../domain/warranties';
import { type AcceptanceView } from '../services/legal-views';

export interface CertificateInput {
  acceptance: AcceptanceView;
  /** The canonical JSON of the record, the bytes its hash covers with the previous hash. */
  recordJson: string;
  document: { title: string; kind: string };
  version: { version: number; text: string; textSha256: string; publishedAt: string; effectiveAt: string };
  business: { name: string | null; inn: string | null };
  warranties: readonly Warranty[];
  chain: ChainVerification;
  issuedAt: Date;
}

const METHOD_LABEL: Record<string, string> = {
  'signed-in-session-click': 'нажатие кнопки «Принять» в личном кабинете после входа в учётную запись (простая электронная подпись, ст. 5 Федерального закона № 63-ФЗ)',
  'signup-checkbox': 'отметка «Принимаю» в форме регистрации, отправленной вместе с созданием учётной записи (простая электронная подпись, ст. 5 Федерального закона № 63-ФЗ)',
};

/**
 * The acceptance certificate (reference 001 §7.5: the record of acceptance is evidence of the
 * act): the full text as accepted, the record, the signatory and the chain proof, in one PDF.
 * The version hash is also in the document's metadata (Keywords), so a machine finds it
 * without reading the pages.
 */
export function renderAcceptanceCertificate(input: CertificateInput, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { acceptance: a, version: v } = input;
  const { doc, bytes } = cyrillicPdf({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    lang: 'ru-RU',
    displayTitle: true,
    info: {
      Title: `Сертификат принятия: ${input.document.title}, редакция ${v.version}`,
      Subject: `Acceptance ${a.id}, seq ${a.seq}`,
      Keywords: `version-sha256:${v.textSha256} record-hash:${a.recordHash}`,
      Creator: 'Perepiska',
      CreationDate: input.issuedAt,
    },
  });

  const heading = (text: string) => doc.moveDown(0.6).fontSize(12).fillColor('#000000').text(text).moveDown(0.2);
  const field = (label: string, value: string) => doc.fontSize(9).fillColor('#555555').text(label).fillColor('#000000').fontSize(10).text(value).moveDown(0.2);

  doc.fontSize(16).text('Сертификат принятия документа', { align: 'center' });
  doc.fontSize(9).fillColor('#555555').text(`Сформирован ${input.issuedAt.toISOString()}`, { align: 'center' }).fillColor('#000000');

  heading('Документ');
  field('Название', input.document.title);
  field('Редакция', `№ ${v.version}, опубликована ${v.publishedAt}, вступает в силу ${v.effectiveAt}`);
  field('SHA-256 текста редакции', v.textSha256);

  heading('Запись о принятии');
  field('Идентификатор записи', a.id);
  field('Время принятия (время сервера, UTC)', a.acceptedAt);
  field('Способ', METHOD_LABEL[a.method] ?? a.method);
  field('Организация', [input.business.name, input.business.inn ? `ИНН ${input.business.inn}` : null].filter(Boolean).join(', ') || '—');
  if (a.signatory) {
    field('Подписант', [a.signatory.fullName, a.signatory.email].filter(Boolean).join(', ') || '—');
    field('Идентификатор пользователя', a.signatory.userId ?? '—');
    field('IP-адрес', a.signatory.ip ?? '—');
    field('Браузер (User-Agent)', a.signatory.userAgent ?? '—');
  } else {
    field('Подписант', 'персональные данные подписанта удалены по требованию (ст. 21 Федерального закона № 152-ФЗ); запись и её хеш сохранены');
  }
  if (a.warranties.length) {
    heading('Данные заверения (ст. 431.2 ГК РФ)');
    for (const warranty of input.warranties.filter((w) => a.warranties.includes(w.id))) {
      doc.fontSize(9).text(`☑ ${warranty.id}: ${warranty.text}`, { paragraphGap: 3 });
    }
  }

  heading('Доказательство цепочки');
  field('Позиция в цепочке организации', String(a.seq));
  field('Хеш предыдущей записи (prev_hash)', a.prevHash);
  field('Хеш записи (record_hash)', a.recordHash);
  field('Правило', 'record_hash = SHA-256(prev_hash + "\\n" + канонический JSON записи); данные подписанта входят в запись через signatory_digest');
  field('Канонический JSON записи', input.recordJson);
  field(
    'Проверка цепочки до этой записи',
    input.chain.ok ? `пройдена: проверено записей — ${input.chain.checked}` : `НЕ пройдена: запись ${input.chain.firstBroken?.seq} (${input.chain.firstBroken?.reason})`,
  );

  doc.addPage();
  doc.fontSize(12).text(`Полный текст принятой редакции № ${v.version}`).moveDown(0.4);
  for (const line of v.text.replace(/\r\n?/g, '\n').split('\n')) {
    const headingLevel = /^(#{1,6})\s+/.exec(line);
    const plain = line.replace(/^#{1,6}\s+/, '').replace(/\*\*|__/g, '');
    if (!plain.trim()) {
      doc.moveDown(0.3);
    } else if (headingLevel) {
      doc.moveDown(0.3).fontSize(headingLevel[1].length <= 1 ? 12 : 11).text(plain);
    } else {
      doc.fontSize(9.5).text(plain);
    }
  }
  doc.end();
  return bytes;
}
