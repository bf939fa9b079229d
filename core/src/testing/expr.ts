// The expression evaluator the runner uses (section 10), in one place.
export { compile, evaluate, truthy, valuesEqual, stringOf, type Value } from '../expr/evaluate';
