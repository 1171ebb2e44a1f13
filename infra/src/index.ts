// @booktalk/infra: test/dev infrastructure helpers. See infra/README.md.
export * from './testing/index.ts';
