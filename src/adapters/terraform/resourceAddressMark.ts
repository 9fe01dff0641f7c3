import type { TfObject } from './value.js';

// A resource's attribute object remembers its address (non-enumerable, so jsonencode and iteration never see
// it), so that reading an attribute the code does not set can say which resource it was.

const ADDRESS = Symbol('terraform address');

export function markAddress(value: TfObject, address: string): void {
  Object.defineProperty(value, ADDRESS, { value: address, enumerable: false });
}

export function addressOf(value: TfObject): string | undefined {
  return (value as { [ADDRESS]?: string })[ADDRESS];
}
