/** The benchmark's Radicale is the tests' one (test/support/radicale.ts). */
export * from '../../support/radicale';
