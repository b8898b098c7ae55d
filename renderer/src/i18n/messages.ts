import type { en } from './en.js';

type DeepStrings<T> = { readonly [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
/** The shape every locale must fill: the compiler catches a missing key, the parity test a stray one. */
export type Messages = DeepStrings<typeof en>;
