// Public API of the analysis core: plain functions over plain data. The CLI,
// the language server and the graph all go through here.
export * from './types';
export { LineIndex, rangeContains } from './text';
export { analyzePipeline, analyzeDocument, analyzeDocumentSteps, runSteps, findingsOf, sortFindings, type Analysis, type AnalyzeOptions, type DocumentAnalysis, type Steps } from './analyze';
export { ChunkCache } from './parse/chunked';
export { FileCache, loadWorkspace, resolveImport, type Workspace } from './pipeline/workspace';
export { AnalysisCache } from './analysis-cache';
export { ImportIndex, importEntry, importersIn, relatedIn, type ImportEntry } from './pipeline/importers';
export { extractFile, looksLikePipeline, SECTIONS, settleUntil, type Component, type InputRef, type PipelineFile, type SchemaDef, type Section } from './pipeline/file';
export { buildGraph, type Graph, type Edge, type Dangling } from './pipeline/graph';
export { CATALOG, ruleInfo, docsUrl, type RuleInfo } from './rules/catalog';
export type { AnalyzeSettings } from './rules/context';
export { applyConfig, emptyConfig, findLintConfig, parseLintConfig, CONFIG_FILE, type LintConfig } from './config';
export type { SchemaFlow, FieldSet } from './flow';
export { computeFlow } from './flow';
export { SCHEMA, schemaValidator } from './schema/load';
export {
  schemaAt, keysAt, keyAt, enumAt, unitAt, isExpressionAt, isFieldAt, referenceAt, componentTypes, componentSchema, componentTypeAt,
  childSchema, deref, placeholderFor, isComponentSection, sectionSingular, type KeyInfo, type ComponentTypeInfo, type SchemaNode, type SchemaPath,
} from './schema/index';
export { parseExpression, fieldRefs, type FieldRef, type ParseResult, type ExprError } from './expr/parse';
export { scalarOffsetMap, type OffsetMap } from './expr/offsets';
export { expressionSites } from './rules/expressions';
export { closest, editDistance, didYouMean } from './util/suggest';
export type { CapacityResult, ComponentFigures, EdgeFigures, MemoryBreakdown, SloComparison } from './capacity/types';
export { runModel, componentFigures, type ModelOptions } from './capacity/model';
export { describeComponent, type ComponentDescription } from './capacity/describe';
export { erlangC, mmcP99Wait } from './capacity/erlang';
export * from './units';
export * from './testing/index';
