import type { Position } from './templateTree.js';

/** A template that cannot be parsed; the position is where the parser gave up, the message what it expected. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}
