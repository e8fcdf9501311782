/**
 * The fixed lists behind enum-like columns (what forms and filters offer) and the shapes pages share,
 * for app/, which reads the database only through db/queries.
 */
export { type ProjectRole, projectRoles, type StakeholderFunction, stakeholderFunctions } from '../schema/projects';
export { requirementCategories, requirementPriorities, type WorkedExample } from '../schema/requirements';
export { testCycleKinds, varianceClasses } from '../schema/testing';
