/**
 * Paved's own scaffolder actions for golden-path templates:
 * `paved:parameters:check`, `paved:template:info` and
 * `paved:catalog:register`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGoldenPaths as default } from './module';
export {
  CHECK_PARAMETERS_ACTION_ID,
  createCheckParametersAction,
} from './actions/createCheckParametersAction';
export {
  REGISTER_ACTION_ID,
  createRegisterAction,
} from './actions/createRegisterAction';
export {
  TEMPLATE_INFO_ACTION_ID,
  createTemplateInfoAction,
} from './actions/createTemplateInfoAction';
export {
  GENERATED_FROM_TEMPLATE_ANNOTATION,
  GENERATED_FROM_VERSION_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './actions/templateInfo';
