// The graph preview's shared pieces: view model, layout, SVG drawing.
export * from './model';
export * from './layout';
export * from './svg';
export { cleanText, shortText, escapeXml, utilClass, UTIL_LEGEND, nodeLines, nodeTitle, edgeTitle, type UtilClass } from './labels';
