export {readSource, DEFAULT_DEDUPE_WINDOW, type ReadOptions, type ReadPosition, type SourceBatch} from "./source.ts";
export {readFile, type FileContents} from "./readFile.ts";
export {readDimensions, type Dimensions} from "./dimensions.ts";
export {mergeSources, type MergedBatch} from "./merge.ts";
export {loadMapping, normalizeMapping, type Mapping, type MappingSection, type FieldSpec} from "./mapping.ts";
export {parseTimestamp, timestampParser} from "./timestamp.ts";
