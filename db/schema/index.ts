export * from './audit';
export * from './methodologies';
export * from './people';
export * from './projects';
export * from './requirements';
export * from './testing';
export * from './vendors';
export * from './workflows';
