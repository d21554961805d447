/**
 * The taxonomy of personal-data categories the processing register declares and the code
 * annotates (REG-1, REG-5). One list for both, so "a category stored by the code but not
 * declared" is a comparison of two sets. The kinds follow 152-FZ: ordinary, special (art. 10),
 * biometric (art. 11), and data the subject made public (art. 10.1 governs distribution).
 */
export const PD_CATEGORY_KINDS = ['ordinary', 'special', 'biometric', 'public'] as const;
export type PdCategoryKind = (typeof PD_CATEGORY_KINDS)[number];

export interface PdCategoryDefinition {
  id: string;
  kind: PdCategoryKind;
  ru: string;
  en: string;
}

export const PD_CATEGORIES = [
  { id: 'full-name', kind: 'ordinary', ru: 'Фамилия, имя, отчество или отображаемое имя', en: 'Full or display name' },
  { id: 'contact-details', kind: 'ordinary', ru: 'Контактные данные: номер телефона, адрес электронной почты', en: 'Contact details: phone number, e-mail address' },
  { id: 'messenger-identity', kind: 'ordinary', ru: 'Идентификаторы в мессенджерах: id, имя пользователя', en: 'Messenger identifiers: id, username' },
  { id: 'correspondence', kind: 'ordinary', ru: 'Содержание переписки', en: 'Content of correspondence' },
  { id: 'attachments', kind: 'ordinary', ru: 'Файлы, изображения, голосовые и видеосообщения переписки', en: 'Files, images, voice and video messages' },
  { id: 'message-metadata', kind: 'ordinary', ru: 'Сведения о сообщениях без их содержания: время, направление, статус доставки, идентификатор в мессенджере', en: 'Message metadata without content: time, direction, delivery status, messenger id' },
  { id: 'employee-account', kind: 'ordinary', ru: 'Учётные данные сотрудника: e-mail, роль, должность', en: 'Employee account: e-mail, role, job title' },
  { id: 'credentials', kind: 'ordinary', ru: 'Хэши паролей и факторы входа', en: 'Password hashes and sign-in factors' },
  { id: 'connection-data', kind: 'ordinary', ru: 'Сведения о подключении: IP-адрес, user agent, время входа', en: 'Connection data: IP address, user agent, sign-in time' },
  { id: 'usage-data', kind: 'ordinary', ru: 'Журналы действий в системе', en: 'Activity logs' },
  { id: 'cookie-identifiers', kind: 'ordinary', ru: 'Идентификаторы файлов cookie и выбор по ним', en: 'Cookie identifiers and choices' },
  { id: 'consents', kind: 'ordinary', ru: 'Сведения о согласиях и их отзыве', en: 'Consents and their withdrawal' },
  { id: 'acceptances', kind: 'ordinary', ru: 'Сведения об акцепте соглашений', en: 'Acceptances of agreements' },
  { id: 'subject-requests', kind: 'ordinary', ru: 'Обращения субъектов персональных данных', en: 'Data-subject requests' },
  { id: 'identity-document', kind: 'ordinary', ru: 'Реквизиты документа, удостоверяющего личность', en: 'Identity document details' },
  { id: 'postal-address', kind: 'ordinary', ru: 'Почтовый адрес', en: 'Postal address' },
  { id: 'payment-details', kind: 'ordinary', ru: 'Платёжные и банковские реквизиты', en: 'Payment and bank details' },
  { id: 'registration-numbers', kind: 'ordinary', ru: 'ИНН и ОГРНИП индивидуального предпринимателя', en: "A sole proprietor's INN and OGRNIP" },
  { id: 'health', kind: 'special', ru: 'Сведения о состоянии здоровья', en: 'Health data' },
  { id: 'biometric-image', kind: 'biometric', ru: 'Изображение лица, используемое для установления личности', en: 'Facial image used to identify a person' },
  { id: 'public-profile', kind: 'public', ru: 'Сведения, сделанные субъектом общедоступными', en: 'Data the subject made public' },
] as const satisfies readonly PdCategoryDefinition[];

export type PdCategoryId = (typeof PD_CATEGORIES)[number]['id'];
