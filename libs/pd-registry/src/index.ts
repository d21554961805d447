export * from './pd-registry.module';
export * from './domain/processing-activity';
export * from './domain/platform-register';
export * from './domain/messenger-processing-activity';
export * from './domain/personal-column-check';
