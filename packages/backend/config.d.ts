export interface Config {
  paved?: {
    permissions?: {
      /**
       * Entity ref of the platform squad's Group. Its members register and
       * unregister catalog locations, templates and entities.
       * @default group:default/platform-squad
       */
      platformGroup?: string;
    };
  };
}
