import type { Options } from 'ajv';

export declare const AJV_OPTIONS: Options;
export declare function generateValidator(): string;
