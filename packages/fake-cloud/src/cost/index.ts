export {
  LUMEN_RETAIL_COST_JUMP,
  LUMEN_RETAIL_FOCUS_COLUMNS,
  lumenRetailFocusExport,
  toFocusCsv,
} from './lumenRetailFocusExport';
export type {
  LumenRetailFocusExportOptions,
  LumenRetailFocusRow,
} from './lumenRetailFocusExport';
