export * from './account.js';
export * from './source.js';
export * from './unknown.js';
