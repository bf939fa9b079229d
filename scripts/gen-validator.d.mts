import type { Options } from 'ajv';

export declare const AJV_OPTIONS: Options;
export declare function generateValidator(): string;
export declare function componentDefinitions(schema: { definitions: Record<string, unknown> }): string[];
