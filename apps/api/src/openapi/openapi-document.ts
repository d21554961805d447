import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The API contract (STYLE.md §8): generated from the code, committed, and checked in tests. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Perepiska API')
    .setDescription(
      'Messenger CRM compliant with 152-FZ. Every error answers { statusCode, error, message, details? }; ' +
        'validation errors list each field in details.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token or access token' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function serialiseOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
