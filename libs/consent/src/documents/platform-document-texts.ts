import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_DOCUMENT_KINDS, type PlatformDocumentKind } from '../domain/document-kinds';

/**
 * The shipped texts of the platform documents (Markdown beside this file), published as
 * version 1 on first start. Later versions come from the platform operator's command
 * (`main.js documents publish`), never from editing these files in a running deployment.
 */
export function PLATFORM_DOCUMENT_TEXTS(directory = __dirname): Array<{ kind: PlatformDocumentKind; text: string }> {
  return PLATFORM_DOCUMENT_KINDS.map((kind) => ({ kind, text: readFileSync(join(directory, `${kind}.md`), 'utf8') }));
}
