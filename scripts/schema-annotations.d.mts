export const ANNOTATION_KEYWORDS: string[];
export const SCHEMA_FILES: string[];
export function annotationsFileOf(schemaFile: string): string;
export function extractAnnotations(schema: object): Record<string, Record<string, unknown>>;
export function moveInlineAnnotations(schemaFile: string): number;
export const annotationsHeader: string;
export function applyAnnotations(schema: object, annotations: Record<string, Record<string, unknown>>): string[];
export function annotatedSchema(schemaFile: string): Record<string, unknown>;
