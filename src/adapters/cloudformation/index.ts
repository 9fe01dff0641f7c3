export { loadCloudFormation, type CloudFormationOptions } from './loadCloudFormation.js';
