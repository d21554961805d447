export * from './pd-registry.module';
